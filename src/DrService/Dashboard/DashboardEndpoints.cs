using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace DrService.Dashboard;

/// <summary>
/// The dashboard: plain HTML pages, ES modules and CSS from <c>Dashboard/wwwroot</c> (copied beside the binary; no
/// front-end build step), and its API (<see cref="OverviewEndpoints"/>). Pages and assets are endpoints that allow
/// anonymous access, whatever the order of the host's middleware: they hold no data; every figure on them comes from
/// the authenticated API, and a 401 there sends the browser to <c>/signin</c>.
/// </summary>
public static class DashboardEndpoints
{
    public const string AssetPrefix = "/ui";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapDrDashboard(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = new PhysicalFileProvider(Root());
        Page(app, files, "/", "index.html");
        Page(app, files, "/signin", "signin.html");
        Page(app, files, "/start", "start.html");
        Page(app, files, "/apps/{application}", "app.html");
        Page(app, files, "/executions/{id}", "execution.html");
        app.MapGet(AssetPrefix + "/{**path}", (string path, HttpContext context) => Serve(files, path, context))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapDrOverview();
        return app;
    }

    /// <summary>The folder the pages are served from: <c>Dashboard/wwwroot</c> beside the service's binary.</summary>
    public static string Root() => Path.Combine(AppContext.BaseDirectory, "Dashboard", "wwwroot");

    private static void Page(IEndpointRouteBuilder app, IFileProvider files, string route, string file) =>
        app.MapGet(route, (HttpContext context) => Serve(files, file, context)).AllowAnonymous().ExcludeFromDescription();

    private static IResult Serve(IFileProvider files, string path, HttpContext context)
    {
        var file = files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null || !ContentTypes.TryGetContentType(path, out var contentType))
        {
            return TypedResults.NotFound();
        }
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
        return TypedResults.PhysicalFile(file.PhysicalPath, contentType, lastModified: file.LastModified);
    }
}
