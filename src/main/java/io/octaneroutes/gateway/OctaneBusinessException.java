package io.octaneroutes.gateway;

/**
 * Octane answered, and said no: {@code errorCode != 0}, {@code success:false}, a rejected order,
 * or a documented rule the flow checks (e.g. R2). Never retried; the flow fails carrying
 * Octane's own errorCode and errorMessage.
 */
public class OctaneBusinessException extends OctaneException {
    private final String errorCode;
    private final String errorMessage;

    public OctaneBusinessException(String operation, String errorCode, String errorMessage) {
        super(operation, operation + " failed: errorCode=" + errorCode + ", errorMessage=" + errorMessage, null);
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    public String getErrorCode() {
        return errorCode;
    }

    public String getErrorMessage() {
        return errorMessage;
    }
}
