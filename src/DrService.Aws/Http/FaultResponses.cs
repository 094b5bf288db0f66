using System.Net;
using System.Text;

namespace DrService.Aws.Http;

/// <summary>Well-formed AWS error responses, per protocol, for the fault layer.</summary>
internal static class FaultResponses
{
    public static HttpResponseMessage Throttling(AwsCallScope scope, HttpRequestMessage request) => scope.Service switch
    {
        "ec2" => Ec2(request, HttpStatusCode.ServiceUnavailable, "RequestLimitExceeded", "Request limit exceeded."),
        "s3" => S3(request, HttpStatusCode.ServiceUnavailable, "SlowDown", "Please reduce your request rate."),
        _ when request.Headers.Contains("X-Amz-Target") => Json(request, HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded"),
        _ => Query(scope, request, HttpStatusCode.BadRequest, "Sender", "Throttling", "Rate exceeded"),
    };

    public static HttpResponseMessage ServiceUnavailable(AwsCallScope scope, HttpRequestMessage request) => scope.Service switch
    {
        "ec2" => Ec2(request, HttpStatusCode.ServiceUnavailable, "Unavailable", "The server is overloaded (fault injection)."),
        "s3" => S3(request, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "Service is unable to handle request (fault injection)."),
        _ when request.Headers.Contains("X-Amz-Target") => Json(request, HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "Service unavailable (fault injection)"),
        _ => Query(scope, request, HttpStatusCode.ServiceUnavailable, "Receiver", "ServiceUnavailable", "Service unavailable (fault injection)"),
    };

    /// <summary>An arbitrary AWS error (AccessDenied, KMSKeyNotAccessibleFault, ResourceLimitExceeded...) in the protocol's shape.</summary>
    public static HttpResponseMessage Error(AwsCallScope scope, HttpRequestMessage request, string code, HttpStatusCode status) => scope.Service switch
    {
        "ec2" => Ec2(request, status, code, $"{code} (fault injection)"),
        "s3" => S3(request, status, code, $"{code} (fault injection)"),
        _ when request.Headers.Contains("X-Amz-Target") => Json(request, status, code, $"{code} (fault injection)"),
        _ => Query(scope, request, status, (int)status >= 500 ? "Receiver" : "Sender", code, $"{code} (fault injection)"),
    };

    private static HttpResponseMessage Ec2(HttpRequestMessage request, HttpStatusCode status, string code, string message)
    {
        var id = RequestId();
        return Xml(request, status, id,
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>{id}</RequestID></Response>");
    }

    private static HttpResponseMessage S3(HttpRequestMessage request, HttpStatusCode status, string code, string message)
    {
        var id = RequestId();
        return Xml(request, status, id,
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>{id}</RequestId><HostId>fault-injection</HostId></Error>");
    }

    private static HttpResponseMessage Query(AwsCallScope scope, HttpRequestMessage request, HttpStatusCode status, string type, string code, string message)
    {
        var id = RequestId();
        var ns = scope.Service switch
        {
            "route53" => "https://route53.amazonaws.com/doc/2013-04-01/",
            "sts" => "https://sts.amazonaws.com/doc/2011-06-15/",
            "monitoring" => "http://monitoring.amazonaws.com/doc/2010-08-01/",
            _ => "http://rds.amazonaws.com/doc/2014-10-31/",
        };
        return Xml(request, status, id,
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse xmlns=\"{ns}\"><Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>{id}</RequestId></ErrorResponse>");
    }

    private static HttpResponseMessage Json(HttpRequestMessage request, HttpStatusCode status, string type, string message)
    {
        var id = RequestId();
        var response = new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent($"{{\"__type\":\"{type}\",\"message\":\"{message}\"}}", Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", id);
        return response;
    }

    private static HttpResponseMessage Xml(HttpRequestMessage request, HttpStatusCode status, string requestId, string body)
    {
        var response = new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, "text/xml"),
        };
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", requestId);
        response.Headers.TryAddWithoutValidation("x-amz-request-id", requestId);
        return response;
    }

    private static string RequestId() => $"fault-{Guid.NewGuid():N}";
}
