using System.Text.Json;
using System.Text.RegularExpressions;

namespace DrService.Tests.Deploy;

/// <summary>One Dockerfile instruction (continuation lines joined, comments dropped).</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    /// <summary>The arguments as words: the JSON (exec) form when it is one, else split on blanks.</summary>
    public IReadOnlyList<string> Words =>
        Arguments.TrimStart().StartsWith('[') ? JsonSerializer.Deserialize<string[]>(Arguments)! : Arguments.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A Dockerfile read into stages (no Docker engine runs here: the tests read the file itself).</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<IReadOnlyList<DockerInstruction>> stages) => Stages = stages;

    /// <summary>Instructions per stage; each stage starts with its FROM.</summary>
    public IReadOnlyList<IReadOnlyList<DockerInstruction>> Stages { get; }

    public IReadOnlyList<DockerInstruction> Final => Stages[^1];

    public static Dockerfile Parse(string text)
    {
        var stages = new List<List<DockerInstruction>>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            while (line.EndsWith('\\') && i + 1 < lines.Length)
            {
                i++;
                var next = lines[i].Trim();
                line = line[..^1].TrimEnd() + (next.StartsWith('#') ? string.Empty : " " + next);
            }
            var match = InstructionPattern().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"line {start + 1}: not an instruction: {line}");
            }
            var instruction = new DockerInstruction(match.Groups[1].Value.ToUpperInvariant(), match.Groups[2].Value.Trim(), start + 1);
            if (instruction.Keyword == "FROM")
            {
                stages.Add([]);
            }
            if (stages.Count == 0)
            {
                throw new FormatException($"line {start + 1}: {instruction.Keyword} before the first FROM");
            }
            stages[^1].Add(instruction);
        }
        return new Dockerfile(stages);
    }

    /// <summary>ENV of a stage as key/value pairs (both the <c>K=V K2=V2</c> and the legacy <c>K V</c> forms).</summary>
    public static IReadOnlyDictionary<string, string> Environment(IEnumerable<DockerInstruction> stage)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in stage.Where(i => i.Keyword == "ENV"))
        {
            if (!instruction.Arguments.Contains('=', StringComparison.Ordinal))
            {
                var parts = instruction.Arguments.Split(' ', 2);
                env[parts[0]] = parts[1].Trim();
                continue;
            }
            foreach (Match pair in EnvPairPattern().Matches(instruction.Arguments))
            {
                env[pair.Groups[1].Value] = pair.Groups[2].Value.Trim('"');
            }
        }
        return env;
    }

    [GeneratedRegex(@"^([A-Za-z]+)\s+(.*)$")]
    private static partial Regex InstructionPattern();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S+)")]
    private static partial Regex EnvPairPattern();
}
