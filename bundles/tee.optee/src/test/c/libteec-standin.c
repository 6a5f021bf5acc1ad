/*
 * A stand-in for OP-TEE's libteec, for tests on machines without Arm hardware: the TEE Client API calls
 * the gateway makes, with the structure layout of optee_client's tee_client_api.h, answered as OP-TEE's
 * secstor_ta_mgmt pseudo-TA would, and every call written to a log for the test to check.
 *
 * Built by the test: gcc -shared -fPIC -DLOG_PATH='"..."' [-DNO_UNINSTALL] libteec-standin.c
 * NO_UNINSTALL: as upstream optee_os, whose secstor has no command 1.
 * The TEE "dies" (TEEC_ERROR_TARGET_DEAD) while a file LOG_PATH.dead exists.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef uint32_t TEEC_Result;

typedef struct {
	int fd;
	bool reg_mem;
	bool memref_null;
} TEEC_Context;

typedef struct {
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
} TEEC_UUID;

typedef struct {
	void *buffer;
	size_t size;
	uint32_t flags;
} TEEC_SharedMemory;

typedef struct {
	void *buffer;
	size_t size;
} TEEC_TempMemoryReference;

typedef struct {
	TEEC_SharedMemory *parent;
	size_t size;
	size_t offset;
} TEEC_RegisteredMemoryReference;

typedef struct {
	uint32_t a;
	uint32_t b;
} TEEC_Value;

typedef union {
	TEEC_TempMemoryReference tmpref;
	TEEC_RegisteredMemoryReference memref;
	TEEC_Value value;
} TEEC_Parameter;

typedef struct {
	TEEC_Context *ctx;
	uint32_t session_id;
} TEEC_Session;

typedef struct {
	uint32_t started;
	uint32_t paramTypes;
	TEEC_Parameter params[4];
	TEEC_Session *session;
} TEEC_Operation;

#define OK 0x00000000u
#define ACCESS_CONFLICT 0xFFFF0003u
#define BAD_PARAMETERS 0xFFFF0006u
#define ITEM_NOT_FOUND 0xFFFF0008u
#define NOT_IMPLEMENTED 0xFFFF0009u
#define SECURITY 0xFFFF000Fu
#define TARGET_DEAD 0xFFFF3024u
#define ORIGIN_COMMS 2u
#define ORIGIN_TEE 3u
#define ORIGIN_TA 4u

#define CONTEXT_FD 42
#define SESSION_ID 7

static const uint8_t secstor[16] = {0x6e, 0x25, 0x6c, 0xba, 0xfc, 0x4d, 0x49, 0x41,
				    0xad, 0x09, 0x2c, 0xa1, 0x86, 0x03, 0x42, 0xdd};

static struct {
	uint8_t uuid[16];
	uint32_t version;
	bool used;
} installed[16];

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	FILE *f = fopen(LOG_PATH, "a");
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

static void hex(char *out, const uint8_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
	out[2 * n] = 0;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool dead(void)
{
	return access(LOG_PATH ".dead", F_OK) == 0;
}

TEEC_Result TEEC_InitializeContext(const char *name, TEEC_Context *context)
{
	say("InitializeContext name=%s", name ? name : "NULL");
	memset(context, 0, sizeof(*context));
	context->fd = CONTEXT_FD;
	return OK;
}

void TEEC_FinalizeContext(TEEC_Context *context)
{
	say("FinalizeContext fd=%d", context->fd);
	context->fd = -1;
}

TEEC_Result TEEC_OpenSession(TEEC_Context *context, TEEC_Session *session, const TEEC_UUID *destination,
			     uint32_t connectionMethod, const void *connectionData, TEEC_Operation *operation,
			     uint32_t *returnOrigin)
{
	uint8_t octets[16];
	char text[33];

	octets[0] = destination->timeLow >> 24;
	octets[1] = destination->timeLow >> 16;
	octets[2] = destination->timeLow >> 8;
	octets[3] = destination->timeLow;
	octets[4] = destination->timeMid >> 8;
	octets[5] = destination->timeMid;
	octets[6] = destination->timeHiAndVersion >> 8;
	octets[7] = destination->timeHiAndVersion;
	memcpy(octets + 8, destination->clockSeqAndNode, 8);
	hex(text, octets, 16);
	say("OpenSession fd=%d uuid=%s login=%u data=%s op=%s", context->fd, text, connectionMethod,
	    connectionData ? "set" : "NULL", operation ? "set" : "NULL");
	if (memcmp(octets, secstor, 16)) {
		*returnOrigin = ORIGIN_TEE;
		return ITEM_NOT_FOUND;
	}
	session->ctx = context;
	session->session_id = SESSION_ID;
	return OK;
}

void TEEC_CloseSession(TEEC_Session *session)
{
	say("CloseSession id=%u", session->session_id);
}

static TEEC_Result install(const uint8_t *img, size_t size, uint32_t *origin)
{
	size_t hash, sig, off;
	uint32_t version;

	*origin = ORIGIN_TA;
	if (size < 20 || le32(img) != 0x4f545348 || le32(img + 4) != 1)
		return SECURITY;
	hash = img[16] | img[17] << 8;
	sig = img[18] | img[19] << 8;
	off = 20 + hash + sig;
	if (size < off + 20)
		return SECURITY;
	/* The stand-in's notion of a bad signature: one of zeros. */
	for (size_t i = 0; i < sig; i++) {
		if (img[20 + hash + i])
			goto signed_ok;
	}
	return SECURITY;
signed_ok:
	version = le32(img + off + 16);
	for (int i = 0; i < 16; i++) {
		if (installed[i].used && !memcmp(installed[i].uuid, img + off, 16)) {
			if (installed[i].version > version)
				return ACCESS_CONFLICT;
			installed[i].version = version;
			return OK;
		}
	}
	for (int i = 0; i < 16; i++) {
		if (!installed[i].used) {
			installed[i].used = true;
			memcpy(installed[i].uuid, img + off, 16);
			installed[i].version = version;
			return OK;
		}
	}
	return 0xFFFF3041u;
}

#ifndef NO_UNINSTALL
static TEEC_Result uninstall(const uint8_t *uuid, size_t size, uint32_t *origin)
{
	*origin = ORIGIN_TA;
	if (size != 16)
		return BAD_PARAMETERS;
	for (int i = 0; i < 16; i++) {
		if (installed[i].used && !memcmp(installed[i].uuid, uuid, 16)) {
			installed[i].used = false;
			return OK;
		}
	}
	return ITEM_NOT_FOUND;
}
#endif

TEEC_Result TEEC_InvokeCommand(TEEC_Session *session, uint32_t commandID, TEEC_Operation *operation,
			       uint32_t *returnOrigin)
{
	const TEEC_TempMemoryReference *ref = &operation->params[0].tmpref;
	static char data[2 * 8192 + 1];
	size_t shown = ref->size < 8192 ? ref->size : 8192;

	hex(data, ref->buffer, shown);
	say("InvokeCommand session=%u ctx_fd=%d cmd=%u types=0x%04x size=%zu data=%s", session->session_id,
	    session->ctx ? session->ctx->fd : -1, commandID, operation->paramTypes, ref->size, data);
	if (dead()) {
		*returnOrigin = ORIGIN_COMMS;
		return TARGET_DEAD;
	}
	if (operation->paramTypes != 0x5) {
		*returnOrigin = ORIGIN_TA;
		return BAD_PARAMETERS;
	}
	switch (commandID) {
	case 0:
		return install(ref->buffer, ref->size, returnOrigin);
#ifndef NO_UNINSTALL
	case 1:
		return uninstall(ref->buffer, ref->size, returnOrigin);
#endif
	default:
		*returnOrigin = ORIGIN_TA;
		return NOT_IMPLEMENTED;
	}
}
