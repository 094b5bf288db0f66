using System.Net;
using System.Xml;
using System.Xml.Linq;
using DrService.Aws.Errors;

namespace DrService.Aws.Protocol;

/// <summary>
/// Reads an AWS XML error answer into <see cref="AwsServiceException"/>. Shapes: Query and Route 53
/// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>,
/// EC2 <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c> with <c>RequestID</c>, S3 <c>&lt;Error&gt;</c>, and Route 53
/// <c>&lt;InvalidChangeBatch&gt;&lt;Messages&gt;&lt;Message&gt;</c>.
/// </summary>
internal static class AwsErrorParser
{
    public static AwsServiceException Parse(
        string body, HttpStatusCode status, string? headerRequestId, string service, string region, string operation)
    {
        XElement? root = null;
        try
        {
            root = body.Length > 0 ? XElement.Parse(body) : null;
        }
        catch (XmlException)
        {
            // not XML: a proxy or load balancer answered
        }
        var error = root is null ? null
            : root.Name.LocalName == "Error" ? root
            : root.Child("Error") ?? root.Child("Errors")?.Child("Error");
        string code;
        string message;
        if (error is not null)
        {
            code = error.ChildValue("Code") ?? StatusCode(status);
            message = error.ChildValue("Message") ?? string.Empty;
        }
        else if (root?.Name.LocalName == "InvalidChangeBatch")
        {
            code = "InvalidChangeBatch";
            message = string.Join("; ", root.Path("Messages", "Message").Select(m => m.Value));
        }
        else
        {
            code = StatusCode(status);
            message = body.Length > 200 ? body[..200] : body;
        }
        var requestId = root?.ChildValue("RequestId") ?? root?.ChildValue("RequestID") ?? error?.ChildValue("RequestId") ?? headerRequestId;
        return new AwsServiceException(service, region, operation, code, message, requestId, status);
    }

    private static string StatusCode(HttpStatusCode status) =>
        (int)status >= 500 ? "ServiceUnavailable" : $"Http{(int)status}";
}
