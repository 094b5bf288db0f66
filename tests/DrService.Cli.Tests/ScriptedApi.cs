using System.Net;
using System.Text;

namespace DrService.Cli.Tests;

/// <summary>
/// A scripted stand-in for the service's HTTP API (our own API, not AWS), for unit tests of drctl's parsing, paging,
/// exit codes and rendering. drctl against the real service is tested in DrService.IntegrationTests.
/// </summary>
internal sealed class ScriptedApi : HttpMessageHandler
{
    private readonly List<(HttpMethod Method, string PathAndQuery, Func<HttpRequestMessage, (HttpStatusCode, string)> Answer)> routes = [];

    public List<(string Method, string PathAndQuery, string? Body, string? Authorization)> Requests { get; } = [];

    public ScriptedApi On(HttpMethod method, string pathAndQuery, HttpStatusCode status, string body)
    {
        routes.Add((method, pathAndQuery, _ => (status, body)));
        return this;
    }

    public ScriptedApi On(HttpMethod method, string pathAndQuery, Func<HttpRequestMessage, (HttpStatusCode, string)> answer)
    {
        routes.Add((method, pathAndQuery, answer));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.PathAndQuery;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method.Method, path, body, request.Headers.Authorization?.ToString()));
        var route = routes.FirstOrDefault(r => r.Method == request.Method && r.PathAndQuery == path);
        var (status, text) = route.Answer is null ? (HttpStatusCode.NotFound, """{"title":"Not Found","detail":"no route"}""") : route.Answer(request);
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }
}

internal static class Run
{
    public static async Task<(int Exit, string Out, string Error)> DrctlAsync(ScriptedApi api, params string[] args) =>
        await DrctlAsync(api, new Dictionary<string, string?>(), args);

    public static async Task<(int Exit, string Out, string Error)> DrctlAsync(ScriptedApi api, Dictionary<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var io = new Drctl.Io(output, error, name => environment.GetValueOrDefault(name), Handler: api);
        var exit = await Drctl.RunAsync(args, io, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
