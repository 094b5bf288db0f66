using System.Collections.Immutable;
using DrService.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DrService.Tests.Deploy;

/// <summary>One AWS API operation the service's code can issue, and where.</summary>
public sealed record AwsCall(string Service, string Operation, string Location)
{
    public override string ToString() => $"{Service}:{Operation} ({Location})";
}

/// <summary>
/// Derives, from the source in <c>src/</c> (compiled with Roslyn's semantic model, not matched by text), every AWS API
/// operation the service can call:
/// <list type="bullet">
/// <item>official SDK clients (EC2, S3, STS): every invocation of a method of a type implementing
/// <c>Amazon.Runtime.IAmazonService</c>; the operation is the method name less <c>Async</c>;</item>
/// <item>our own clients (<c>src/DrService.Aws/{Rds,CloudWatch,Route53}</c>): every invocation of a method of an
/// <c>I*Client</c> interface there; its operations are found by walking the implementation down to the string constant
/// passed as a parameter named <c>action</c> (Query: <c>Rds("X")</c>, <c>new QueryRequest(svc, ver, "X")</c>) or
/// <c>operation</c> (REST-XML: <c>_send(account, "X", ...)</c>).</item>
/// </list>
/// Calls made only by the sandbox (<c>src/DrService/Sandbox/</c>: a local emulator with fake credentials, never real AWS)
/// are left out. New runbook actions are picked up as soon as their code calls a client.
/// </summary>
public static class AwsOperationScanner
{
    /// <summary>Source folders whose AWS calls never reach real AWS (the sandbox), or that call no AWS at all (drctl talks to our API only).</summary>
    public static readonly string[] ExcludedFolders =
    [
        Path.Combine("src", "DrService", "Sandbox") + Path.DirectorySeparatorChar,
        Path.Combine("src", "DrService.Cli") + Path.DirectorySeparatorChar,
    ];

    /// <summary>The IAM prefix of each of our own clients' folders under <c>src/DrService.Aws</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> OwnClientPrefixes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Rds"] = "rds",
        ["CloudWatch"] = "cloudwatch",
        ["Route53"] = "route53",
    };

    /// <summary>The IAM prefix of each official SDK namespace.</summary>
    public static readonly IReadOnlyDictionary<string, string> SdkPrefixes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Amazon.EC2"] = "ec2",
        ["Amazon.S3"] = "s3",
        ["Amazon.SecurityToken"] = "sts",
    };

    private static readonly Lazy<ScanResult> Cached = new(Scan);

    public static ScanResult Result => Cached.Value;

    // The SDK's implicit global usings for a Web project (Microsoft.NET.Sdk.Web) and a class library.
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        """;

    private static ScanResult Scan()
    {
        var src = Path.Combine(Repository.Root, "src");
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, path: f))
            .Append(CSharpSyntaxTree.ParseText(GlobalUsings, parse, path: "GlobalUsings.g.cs"))
            .ToList();

        // Every assembly the test host can load, less our own (their types come from the source above).
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !Path.GetFileName(p).StartsWith("DrService", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("DrServiceSourceScan", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var unresolved = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Id is "CS0246" or "CS0234" or "CS0103" or "CS1061" or "CS0117")
            .Where(d => !ExcludedFolders.Any(x => Relative(d.Location.SourceTree?.FilePath ?? "").StartsWith(x, StringComparison.Ordinal)))
            .Select(d => $"{Relative(d.Location.SourceTree?.FilePath ?? "")}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();

        var awsService = compilation.GetTypeByMetadataName("Amazon.Runtime.IAmazonService")
            ?? throw new InvalidOperationException("Amazon.Runtime.IAmazonService not found among the references");
        var scanner = new Walker(compilation, awsService);
        var calls = new List<AwsCall>();
        foreach (var tree in trees)
        {
            var relative = Relative(tree.FilePath);
            if (ExcludedFolders.Any(x => relative.StartsWith(x, StringComparison.Ordinal)))
            {
                continue;
            }
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (scanner.IsInsideOwnClient(node, model))
                {
                    continue; // the client's own plumbing: covered by walking the interface method that reached it
                }
                foreach (var method in Targets(model, node))
                {
                    var location = $"{relative}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
                    calls.AddRange(scanner.OperationsOf(method).Select(op => op with { Location = location }));
                }
            }
        }
        return new ScanResult([.. calls.Distinct()], unresolved, scanner.Undetermined.ToImmutableSortedSet(StringComparer.Ordinal));
    }

    private static IEnumerable<IMethodSymbol> Targets(SemanticModel model, InvocationExpressionSyntax node)
    {
        var info = model.GetSymbolInfo(node);
        if (info.Symbol is IMethodSymbol m)
        {
            return [m];
        }
        return info.CandidateSymbols.OfType<IMethodSymbol>();
    }

    internal static string Relative(string path) =>
        path.StartsWith(Repository.Root, StringComparison.Ordinal) ? path[(Repository.Root.Length + 1)..] : path;

    private sealed class Walker(CSharpCompilation compilation, INamedTypeSymbol awsService)
    {
        private readonly Dictionary<IMethodSymbol, IReadOnlyList<AwsCall>> _memo = new(SymbolEqualityComparer.Default);

        public SortedSet<string> Undetermined { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<AwsCall> OperationsOf(IMethodSymbol method)
        {
            method = method.ReducedFrom ?? method;
            var type = method.ContainingType;
            if (type is null)
            {
                return [];
            }
            if (IsSdkClient(type) && method.Name.EndsWith("Async", StringComparison.Ordinal) && SdkPrefix(type) is { } sdk)
            {
                return [new AwsCall(sdk, method.Name[..^"Async".Length], "")];
            }
            if (OwnClientPrefix(type) is { } prefix && IsClientType(type))
            {
                var implementation = Implementation(method);
                var ops = implementation is null ? [] : Literals(implementation, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
                if (ops.Count == 0)
                {
                    Undetermined.Add($"{type.Name}.{method.Name}");
                }
                return [.. ops.Select(op => new AwsCall(prefix, op, ""))];
            }
            return [];
        }

        public bool IsInsideOwnClient(SyntaxNode node, SemanticModel model)
        {
            var declaration = node.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type)
            {
                return false;
            }
            return OwnClientPrefix(type) is not null;
        }

        private bool IsSdkClient(INamedTypeSymbol type) =>
            SymbolEqualityComparer.Default.Equals(type, awsService) || type.AllInterfaces.Contains(awsService, SymbolEqualityComparer.Default);

        private static string? SdkPrefix(INamedTypeSymbol type)
        {
            var ns = type.ContainingNamespace.ToDisplayString();
            return SdkPrefixes.TryGetValue(ns, out var p) ? p : throw new InvalidOperationException(
                $"{type.ToDisplayString()} is an AWS SDK client with no IAM prefix in AwsOperationScanner.SdkPrefixes: add it");
        }

        /// <summary>The IAM prefix when <paramref name="type"/> is declared in one of our own clients' folders.</summary>
        private static string? OwnClientPrefix(INamedTypeSymbol type)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var relative = Relative(reference.SyntaxTree.FilePath).Split(Path.DirectorySeparatorChar);
                if (relative is ["src", "DrService.Aws", var folder, ..] && relative.Length > 3)
                {
                    if (OwnClientPrefixes.TryGetValue(folder, out var prefix))
                    {
                        return prefix;
                    }
                }
            }
            return null;
        }

        private static bool IsClientType(INamedTypeSymbol type) =>
            type.Name.EndsWith("Client", StringComparison.Ordinal)
            || type.AllInterfaces.Any(i => i.Name.EndsWith("Client", StringComparison.Ordinal) && OwnClientPrefix(i) is not null);

        /// <summary>The source method that runs for <paramref name="method"/>: itself, or its implementation in our client class.</summary>
        private IMethodSymbol? Implementation(IMethodSymbol method)
        {
            if (method.ContainingType.TypeKind != TypeKind.Interface)
            {
                return method.DeclaringSyntaxReferences.Length > 0 ? method : null;
            }
            var implementations = compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>()
                .Where(t => t.TypeKind == TypeKind.Class && t.AllInterfaces.Contains(method.ContainingType, SymbolEqualityComparer.Default));
            return implementations.Select(t => t.FindImplementationForInterfaceMember(method)).OfType<IMethodSymbol>()
                .FirstOrDefault(m => m.DeclaringSyntaxReferences.Length > 0);
        }

        /// <summary>The operation names reached from <paramref name="method"/>'s body, following calls into DrService.Aws.</summary>
        private IReadOnlyList<string> Literals(IMethodSymbol method, HashSet<IMethodSymbol> visiting)
        {
            if (_memo.TryGetValue(method, out var known))
            {
                return [.. known.Select(c => c.Operation)];
            }
            if (!visiting.Add(method))
            {
                return [];
            }
            var found = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                var model = compilation.GetSemanticModel(syntax.SyntaxTree);
                foreach (var call in syntax.DescendantNodesAndSelf().OfType<ExpressionSyntax>()
                             .Where(e => e is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax))
                {
                    var info = model.GetSymbolInfo(call);
                    if ((info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is not IMethodSymbol target)
                    {
                        continue;
                    }
                    var arguments = call switch
                    {
                        InvocationExpressionSyntax i => i.ArgumentList.Arguments,
                        BaseObjectCreationExpressionSyntax o => o.ArgumentList?.Arguments ?? default,
                        _ => default,
                    };
                    var literal = OperationArgument(model, target, arguments);
                    if (literal is not null)
                    {
                        found.Add(literal);
                        continue;
                    }
                    target = target.ReducedFrom ?? target;
                    if (target.DeclaringSyntaxReferences.Any(r => Relative(r.SyntaxTree.FilePath).StartsWith($"src{Path.DirectorySeparatorChar}DrService.Aws{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
                    {
                        found.UnionWith(Literals(Implementation(target) ?? target, visiting));
                    }
                }
            }
            visiting.Remove(method);
            _memo[method] = [.. found.Select(f => new AwsCall("", f, ""))];
            return [.. found];
        }

        /// <summary>The constant passed to a string parameter named <c>action</c> or <c>operation</c>, if any.</summary>
        private static string? OperationArgument(SemanticModel model, IMethodSymbol target, SeparatedSyntaxList<ArgumentSyntax> arguments)
        {
            for (var i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                var parameter = argument.NameColon is { } named
                    ? target.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.Text)
                    : i < target.Parameters.Length ? target.Parameters[i] : null;
                if (parameter is null || parameter.Type.SpecialType != SpecialType.System_String
                    || !(parameter.Name.Equals("action", StringComparison.OrdinalIgnoreCase) || parameter.Name.Equals("operation", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }
                var value = model.GetConstantValue(argument.Expression);
                if (value is { HasValue: true, Value: string s })
                {
                    return s;
                }
            }
            return null;
        }
    }
}

/// <summary>What <see cref="AwsOperationScanner"/> found.</summary>
/// <param name="Calls">Every (service, operation, location), sandbox excluded.</param>
/// <param name="Unresolved">Compiler errors that could hide a call (a type or member the scan could not bind).</param>
/// <param name="Undetermined">Client methods called whose operations the walk could not find.</param>
public sealed record ScanResult(IReadOnlyList<AwsCall> Calls, IReadOnlyList<string> Unresolved, IReadOnlySet<string> Undetermined)
{
    public IReadOnlySet<string> Operations => Calls.Select(c => $"{c.Service}:{c.Operation}").ToHashSet(StringComparer.Ordinal);
}
