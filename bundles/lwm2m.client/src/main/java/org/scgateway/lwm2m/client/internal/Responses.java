package org.scgateway.lwm2m.client.internal;

import org.eclipse.leshan.core.response.CreateResponse;
import org.eclipse.leshan.core.response.DeleteResponse;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.scgateway.api.lwm2m.LwM2mOperationException;

/** A provider's refusal as the response the server gets. 5.03 has no factory in Leshan and becomes 5.00. */
final class Responses {

    private Responses() {
    }

    static ReadResponse read(LwM2mOperationException e) {
        switch (e.code()) {
            case NOT_FOUND: return ReadResponse.notFound();
            case METHOD_NOT_ALLOWED: return ReadResponse.methodNotAllowed();
            case UNAUTHORIZED: return ReadResponse.unauthorized();
            case BAD_REQUEST: return ReadResponse.badRequest(e.getMessage());
            default: return ReadResponse.internalServerError(e.getMessage());
        }
    }

    static WriteResponse write(LwM2mOperationException e) {
        switch (e.code()) {
            case NOT_FOUND: return WriteResponse.notFound();
            case METHOD_NOT_ALLOWED: return WriteResponse.methodNotAllowed();
            case UNAUTHORIZED: return WriteResponse.unauthorized();
            case BAD_REQUEST: return WriteResponse.badRequest(e.getMessage());
            default: return WriteResponse.internalServerError(e.getMessage());
        }
    }

    static ExecuteResponse execute(LwM2mOperationException e) {
        switch (e.code()) {
            case NOT_FOUND: return ExecuteResponse.notFound();
            case METHOD_NOT_ALLOWED: return ExecuteResponse.methodNotAllowed();
            case UNAUTHORIZED: return ExecuteResponse.unauthorized();
            case BAD_REQUEST: return ExecuteResponse.badRequest(e.getMessage());
            default: return ExecuteResponse.internalServerError(e.getMessage());
        }
    }

    static CreateResponse create(LwM2mOperationException e) {
        switch (e.code()) {
            case NOT_FOUND: return CreateResponse.notFound();
            case METHOD_NOT_ALLOWED: return CreateResponse.methodNotAllowed();
            case UNAUTHORIZED: return CreateResponse.unauthorized();
            case BAD_REQUEST: return CreateResponse.badRequest(e.getMessage());
            default: return CreateResponse.internalServerError(e.getMessage());
        }
    }

    static DeleteResponse delete(LwM2mOperationException e) {
        switch (e.code()) {
            case NOT_FOUND: return DeleteResponse.notFound();
            case METHOD_NOT_ALLOWED: return DeleteResponse.methodNotAllowed();
            case UNAUTHORIZED: return DeleteResponse.unauthorized();
            case BAD_REQUEST: return DeleteResponse.badRequest(e.getMessage());
            default: return DeleteResponse.internalServerError(e.getMessage());
        }
    }
}
