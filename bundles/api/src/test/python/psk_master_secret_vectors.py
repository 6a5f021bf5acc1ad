#!/usr/bin/env python3
"""TLS 1.2 master secrets from a PSK, as a Secure Component that keeps PSKs for SC Gateway must compute them.

Independent of the Java code: Python's hmac and hashlib only. RFC 5246 5 (P_hash, PRF), RFC 4279 2 (the PSK
premaster secret: other_secret of N zero bytes for plain PSK), RFC 5489 2 (ECDHE_PSK: other_secret is the ECDH
shared secret), RFC 7627 4 (extended master secret: the session hash as the seed). Checked first against the IETF
TLS list's public PRF vectors (msg03416: SHA-256 and SHA-384), then prints the vectors of PskVectors (api tests), which the card and TEE tests use.
"""
import hashlib
import hmac


def p_hash(secret, seed, n, h):
    out, a = b'', seed
    while len(out) < n:
        a = hmac.new(secret, a, h).digest()
        out += hmac.new(secret, a + seed, h).digest()
    return out[:n]


def prf(secret, label, seed, n, h=hashlib.sha256):
    return p_hash(secret, label + seed, n, h)


def premaster(psk, other=None):
    other = bytes(len(psk)) if other is None else other
    return len(other).to_bytes(2, 'big') + other + len(psk).to_bytes(2, 'big') + psk


assert prf(bytes.fromhex('9bbe436ba940f017b17652849a71db35'), b'test label', bytes.fromhex('a0ba9f936cda311827a6f796ffd5198c'),
           100).hex().startswith('e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a')
assert prf(bytes.fromhex('b80b733d6ceefcdc71566ea48e5567df'), b'test label', bytes.fromhex('cd665cf6a8447dd6ff8b27555edb7465'),
           148, hashlib.sha384).hex().startswith('7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0')

psk = bytes(range(1, 17))
client_random = bytes(range(0x00, 0x20))
server_random = bytes(range(0x20, 0x40))
session_hash = hashlib.sha256(b'the handshake so far').digest()
ecdh = bytes([0xAA]) * 32
print('psk                ', psk.hex())
print('session hash       ', session_hash.hex())
print('plain, SHA-256     ', prf(premaster(psk), b'master secret', client_random + server_random, 48).hex())
print('plain, EMS         ', prf(premaster(psk), b'extended master secret', session_hash, 48).hex())
print('ECDHE-PSK, SHA-384 ', prf(premaster(psk, ecdh), b'master secret', client_random + server_random, 48, hashlib.sha384).hex())
