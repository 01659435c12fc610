using System.Net;

namespace TrainingJobs.Sdk.Local.Mlflow;

/// <summary>An MLflow error: answered as <c>{"error_code": …, "message": …}</c> with the HTTP status MLflow uses for the code.</summary>
internal sealed class MlflowException : Exception
{
    public MlflowException(string errorCode, string message)
        : base(message) => ErrorCode = errorCode;

    public string ErrorCode { get; }

    /// <summary>The HTTP status of the code (never a 5xx for a client error: the client retries those).</summary>
    public HttpStatusCode Status => ErrorCode switch
    {
        "BAD_REQUEST" or "INVALID_PARAMETER_VALUE" or "RESOURCE_ALREADY_EXISTS" or "MALFORMED_REQUEST" => HttpStatusCode.BadRequest,
        "UNAUTHENTICATED" or "CUSTOMER_UNAUTHORIZED" => HttpStatusCode.Unauthorized,
        "PERMISSION_DENIED" => HttpStatusCode.Forbidden,
        "ENDPOINT_NOT_FOUND" or "NOT_FOUND" or "RESOURCE_DOES_NOT_EXIST" => HttpStatusCode.NotFound,
        "NOT_IMPLEMENTED" => HttpStatusCode.NotImplemented,
        _ => HttpStatusCode.InternalServerError,
    };

    public static MlflowException InvalidParameter(string message) => new("INVALID_PARAMETER_VALUE", message);

    public static MlflowException RunNotFound(string runId) => new("RESOURCE_DOES_NOT_EXIST", $"Run with id={runId} not found");
}
