using System.Text.Json;

namespace DrService.Testing;

/// <summary>
/// The real AWS CLI against the emulator: a second, independent client, to check that what DrService did is what
/// other tools see.
/// </summary>
public sealed class AwsCli(Uri endpoint)
{
    public static string Executable => ExternalTool.Find("aws")
        ?? throw new InvalidOperationException("the AWS CLI (aws) was not found: apt-get install awscli, or pip install awscli");

    public async Task<JsonElement> JsonAsync(string region, params string[] command)
    {
        var args = new List<string> { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", region, "--output", "json" };
        args.AddRange(command);
        var (code, stdout, stderr) = await ExternalTool.RunAsync(Executable, args, new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
            ["AWS_PAGER"] = string.Empty,
        });
        if (code != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', command)} exited with {code}: {stderr}");
        }
        return string.IsNullOrWhiteSpace(stdout) ? default : JsonDocument.Parse(stdout).RootElement.Clone();
    }
}
