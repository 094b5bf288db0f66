using System.Text.RegularExpressions;
using System.Xml.Linq;
using DrService.Testing;

namespace DrService.Tests.Deploy;

/// <summary>
/// deploy/Dockerfile, checked without a Docker engine (none is usable here): it publishes the service project the tests
/// build (Release in the image; the tests and CI's `dotnet test` build Debug, and .ci/run also runs this publish
/// command so that the Release build is compiled in CI), runs as a non-root user, has a HEALTHCHECK on /healthz,
/// exposes the port it listens on, ships appsettings.json, and keeps its writable paths configurable.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string DockerfilePath = Path.Combine(Repository.Root, "deploy", "Dockerfile");
    private static readonly Dockerfile File = Dockerfile.Parse(System.IO.File.ReadAllText(DockerfilePath));

    [Fact]
    public void Parse_Dockerfile_HasABuildStageAndARuntimeStage()
    {
        Assert.Equal(2, File.Stages.Count);
        var sdk = File.Stages[0][0].Words;
        var runtime = File.Final[0].Words;
        var framework = TargetFramework();   // net10.0

        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{framework[3..]}", sdk[0]);
        Assert.Equal($"mcr.microsoft.com/dotnet/aspnet:{framework[3..]}", runtime[0]);
    }

    [Fact]
    public void Publish_IsTheServiceProjectTheTestsReference_InRelease()
    {
        var publish = Assert.Single(File.Stages[0], i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Words;
        var project = publish[publish.ToList().IndexOf("publish") + 1];
        var configuration = publish[publish.ToList().IndexOf("-c") + 1];
        var output = publish[publish.ToList().IndexOf("-o") + 1];

        // The same project file the test projects reference (tests/DrService.Tests -> ../../src/DrService/DrService.csproj).
        var referenced = XDocument.Load(Path.Combine(Repository.Root, "tests", "DrService.Tests", "DrService.Tests.csproj"))
            .Descendants("ProjectReference").Select(r => Path.GetFullPath(Path.Combine(Repository.Root, "tests", "DrService.Tests", (string)r.Attribute("Include")!)))
            .ToList();
        Assert.Contains(Path.GetFullPath(Path.Combine(Repository.Root, project)), referenced);
        Assert.Equal("Release", configuration);
        // The runtime stage takes exactly that output.
        Assert.Contains(File.Final, i => i.Keyword == "COPY" && i.Words.SequenceEqual(["--from=build", output, "."]));
        // CI compiles the same Release publish (the tests themselves build Debug).
        var ci = System.IO.File.ReadAllText(Path.Combine(Repository.Root, ".ci", "run"));
        Assert.Contains($"dotnet publish {project} -c {configuration}", ci, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_CopiesEveryProjectFileThePublishedProjectNeeds()
    {
        // The restore layer copies project files one by one: a new src project must be added there too.
        var copied = File.Stages[0].Where(i => i.Keyword == "COPY").SelectMany(i => i.Words.SkipLast(1)).ToHashSet(StringComparer.Ordinal);
        var projects = ReferencedProjects("src/DrService/DrService.csproj");

        Assert.All(projects, p => Assert.Contains(p, copied));
        Assert.All(["global.json", "Directory.Build.props", "Directory.Packages.props", "BannedSymbols.txt"], f => Assert.Contains(f, copied));
    }

    /// <summary>The published project and every project it references, transitively (drctl, a separate tool, is not one).</summary>
    private static HashSet<string> ReferencedProjects(string project)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!found.Add(next))
            {
                continue;
            }
            var folder = Path.GetDirectoryName(Path.Combine(Repository.Root, next))!;
            foreach (var reference in System.Xml.Linq.XDocument.Load(Path.Combine(Repository.Root, next)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repository.Root, full).Replace('\\', '/'));
            }
        }
        return found;
    }

    [Fact]
    public void Runtime_RunsAsNonRootUser_BeforeTheEntrypoint()
    {
        var user = Assert.Single(File.Final, i => i.Keyword == "USER");
        var entrypoint = Assert.Single(File.Final, i => i.Keyword == "ENTRYPOINT");

        Assert.DoesNotContain(user.Arguments.Split(':')[0], new[] { "root", "0" });
        Assert.True(user.Line < entrypoint.Line, "USER must come before ENTRYPOINT");
        Assert.Equal(["dotnet", "/app/DrService.dll"], entrypoint.Words);
        // Nothing after USER needs root.
        Assert.DoesNotContain(File.Final, i => i.Line > user.Line && i.Keyword == "RUN");
    }

    [Fact]
    public void Runtime_ExposesThePortItListensOn_AndTheHealthCheckProbesIt()
    {
        var env = Dockerfile.Environment(File.Final);
        var listen = UrlPort().Match(env["Urls"]);
        var exposed = Assert.Single(File.Final, i => i.Keyword == "EXPOSE").Words.Single();
        var health = Assert.Single(File.Final, i => i.Keyword == "HEALTHCHECK");
        var command = health.Arguments[(health.Arguments.IndexOf("CMD", StringComparison.Ordinal) + 3)..].Trim();
        var words = new DockerInstruction("CMD", command, health.Line).Words;

        Assert.True(listen.Success, $"Urls has no port: {env["Urls"]}");
        Assert.Equal(listen.Groups[1].Value, exposed.Split('/')[0]);
        Assert.Equal(["dotnet", "/app/DrService.dll", DrService.Health.HealthProbe.Flag], words.Take(3));
        var probed = new Uri(words[3]);
        Assert.Equal("/healthz", probed.AbsolutePath);
        Assert.Equal(exposed.Split('/')[0], probed.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DrService.Health.HealthProbe.DefaultUrl, probed.ToString());
    }

    [Fact]
    public void Runtime_ShipsAppSettings_WhereTheServiceLooksForIt()
    {
        var workdir = Assert.Single(File.Final, i => i.Keyword == "WORKDIR").Arguments;

        Assert.Contains(File.Final, i => i.Keyword == "COPY" && i.Words.SequenceEqual(["appsettings.json", $"{workdir}/appsettings.json"]));
        Assert.Contains("appsettings.json", File.Stages[0].Where(i => i.Keyword == "COPY").SelectMany(i => i.Words));
    }

    [Fact]
    public void Runtime_WritablePathsAreConfigured_AndTheDataFolderIsAVolume()
    {
        var env = Dockerfile.Environment(File.Final);
        var volume = Assert.Single(File.Final, i => i.Keyword == "VOLUME").Words.Single();

        Assert.Equal(volume, env["DrService__Storage__DataDirectory"]);
        Assert.StartsWith("/", env["TMPDIR"], StringComparison.Ordinal);
        // The environment key maps onto the real option (a renamed option would leave the data in the image layer).
        Assert.Equal("DataDirectory", nameof(DrService.Configuration.StorageOptions.DataDirectory));
        Assert.Equal("DrService", DrService.Configuration.DrOptions.SectionName);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputOut_AndWhatTheBuildCopiesIn()
    {
        var ignored = System.IO.File.ReadAllLines(Path.Combine(Repository.Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var copied = File.Stages[0].Where(i => i.Keyword == "COPY").SelectMany(i => i.Words.SkipLast(1))
            .Concat(File.Final.Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal)).SelectMany(i => i.Words.SkipLast(1)));

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".git/", ignored);
        Assert.All(copied, path => Assert.DoesNotContain(ignored, pattern => path.TrimEnd('/') == pattern.TrimEnd('/') || path.StartsWith(pattern, StringComparison.Ordinal)));
    }

    private static string TargetFramework() =>
        XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("TargetFramework").Single().Value;

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex UrlPort();
}
