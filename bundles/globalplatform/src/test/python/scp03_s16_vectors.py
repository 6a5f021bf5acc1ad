#!/usr/bin/env python3
"""SCP03 S16-mode vectors for Scp03S16Test, computed apart from the Java code.

No public S16 vectors were found (pySim's SCP03 takes s_mode=16 but its tests cover S8 only), so this script
computes one session from GlobalPlatform Card Specification Amendment D v1.2 as written, with the Python
'cryptography' package's AES-CMAC (Debian: python3-cryptography): the KDF of section 6.2.1 with L = 0080 for the
card challenge and the cryptograms, 16-byte C-MAC and R-MAC, and the ICVs of sections 6.2.6 and 6.2.7.

    python3 scp03_s16_vectors.py
"""
from cryptography.hazmat.primitives.cmac import CMAC
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

ENC = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
MAC = bytes.fromhex("101112131415161718191a1b1c1d1e1f")
KVN = 0x30
KDD = bytes(10)
SD_AID = bytes.fromhex("A0000005591010FFFFFFFF8900000100")
COUNTER = 0x00002A
HOST_CHALLENGE = bytes.fromhex("00112233445566778899AABBCCDDEEFF")
LEVEL = 0x33
COMMAND = bytes.fromhex("80F28002024F0000")  # GET STATUS of the ISD, case 4
ANSWER = bytes.fromhex("E3114F08A0000001510000009F700101C5017E")  # what the card's application answers, SW 9000


def cmac(key, data):
    c = CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()


def kdf(key, constant, bits, context):
    out = b""
    i = 1
    while len(out) * 8 < bits:
        out += cmac(key, bytes(11) + bytes([constant, 0]) + bits.to_bytes(2, "big") + bytes([i]) + context)
        i += 1
    return out[: bits // 8]


def aes_cbc(key, iv, data):
    e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return e.update(data) + e.finalize()


def pad80(data):
    data += b"\x80"
    return data + bytes(-len(data) % 16)


card_challenge = kdf(ENC, 0x02, 128, COUNTER.to_bytes(3, "big") + SD_AID)
context = HOST_CHALLENGE + card_challenge
s_enc = kdf(ENC, 0x04, 128, context)
s_mac = kdf(MAC, 0x06, 128, context)
s_rmac = kdf(MAC, 0x07, 128, context)
card_cryptogram = kdf(s_mac, 0x00, 128, context)
host_cryptogram = kdf(s_mac, 0x01, 128, context)

init_update = bytes([0x80, 0x50, KVN, 0x00, 16]) + HOST_CHALLENGE + b"\x00"
# i = 71: pseudo-random card challenge (10), R-MAC (20), R-ENC (40), S16 (01)
init_answer = KDD + bytes([KVN, 0x03, 0x71]) + card_challenge + card_cryptogram + COUNTER.to_bytes(3, "big")

chain = bytes(16)
header = bytes([0x84, 0x82, LEVEL, 0x00, 32])
chain = cmac(s_mac, chain + header + host_cryptogram)
external_authenticate = header + host_cryptogram + chain

counter = 1  # incremented before the first command after EXTERNAL AUTHENTICATE
icv = aes_cbc(s_enc, bytes(16), counter.to_bytes(16, "big"))
data = aes_cbc(s_enc, icv, pad80(COMMAND[5:7]))
header = bytes([0x84]) + COMMAND[1:4] + bytes([len(data) + 16])
chain = cmac(s_mac, chain + header + data)
wrapped = header + data + chain + b"\x00"

r_icv = aes_cbc(s_enc, bytes(16), b"\x80" + counter.to_bytes(15, "big"))
r_data = aes_cbc(s_enc, r_icv, pad80(ANSWER))
r_mac = cmac(s_rmac, chain + r_data + b"\x90\x00")
answer = r_data + r_mac + b"\x90\x00"

for name, value in [("INITIALIZE UPDATE", init_update), ("its answer", init_answer + b"\x90\x00"),
                    ("EXTERNAL AUTHENTICATE", external_authenticate), ("GET STATUS wrapped", wrapped),
                    ("its answer", answer)]:
    print(f"{name:22} {value.hex().upper()}")
