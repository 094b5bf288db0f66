using DrService.Runbooks.Actions;
using DrService.Runbooks.Definitions;
using DrService.Runbooks.Tests.Support;

namespace DrService.Runbooks.Tests.Definitions;

public sealed class RunbookLoaderTests
{
    private static readonly TestCatalog Catalog = new(
        new TestAction("rds.promote", "endpoint", "recoveryPoint") { Schema = new ActionSchema(["replica"], ["region"], ["endpoint", "recoveryPoint"]) },
        new TestAction("smoke.http") { Schema = new ActionSchema(["url"], [], []) },
        new TestAction("ec2.terminate") { Schema = new ActionSchema([], ["created"], []) });

    private const string Valid = """
        id: tier-a-failover
        title: Tier A failover
        kind: failover
        tier: A
        steps:
          - id: promote
            action: rds.promote
            inputs: { replica: "${params.replica}", region: "${params.drRegion}" }
            timeout: 5m
            retry: { maxAttempts: 3, delay: 10s, multiplier: 2 }
            undo: ec2.terminate
          - id: smoke
            action: smoke.http
            dependsOn: [promote]
            inputs:
              url: "https://${steps.promote.endpoint}/health?app=${app}&mode=${mode}&x=${execution.id}${drill.id}"
            approval: productionOnly
            runIn: both
            marksRecovery: true
            timeout: "00:02:00"
        """;

    private static IReadOnlyList<RunbookValidationError> Errors(string yaml, IStepActionCatalog? catalog = null)
    {
        var result = RunbookLoader.Load(yaml, "runbooks/test.yaml", catalog ?? Catalog);
        Assert.False(result.IsValid);
        Assert.Null(result.Definition);
        return result.Errors;
    }

    private static void HasError(IReadOnlyList<RunbookValidationError> errors, string? step, string field, string fragment) =>
        Assert.Contains(errors, e => e.Source == "runbooks/test.yaml" && e.StepId == step && e.Field == field && e.Message.Contains(fragment, StringComparison.Ordinal));

    private static string Steps(string steps) => "id: t\nkind: custom\nsteps:\n" + steps;

    [Fact]
    public void Load_ValidYaml_ReadsEveryField()
    {
        var definition = RunbookLoader.LoadOrThrow(Valid, "runbooks/test.yaml", Catalog);

        Assert.Equal("tier-a-failover", definition.Id);
        Assert.Equal(RunbookKind.Failover, definition.Kind);
        Assert.Equal("A", definition.Tier);
        var promote = definition.Steps[0];
        Assert.Equal(TimeSpan.FromMinutes(5), promote.Timeout);
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(10), 2), promote.Retry);
        Assert.Equal("ec2.terminate", promote.Undo);
        Assert.Equal("${params.replica}", promote.Inputs["replica"]);
        var smoke = definition.Steps[1];
        Assert.Equal(["promote"], smoke.DependsOn);
        Assert.Equal(ApprovalMode.ProductionOnly, smoke.Approval);
        Assert.Equal(StepModes.Both, smoke.RunIn);
        Assert.True(smoke.MarksRecovery);
        Assert.Equal(TimeSpan.FromMinutes(2), smoke.Timeout);
    }

    [Fact]
    public void Load_Json_GivesTheSameDefinitionAsYaml()
    {
        const string json = """
            { "id": "j", "kind": "drill", "steps": [
              { "id": "promote", "action": "rds.promote", "inputs": { "replica": "r1" }, "retry": { "maxAttempts": 2, "delay": "1s" } },
              { "id": "smoke", "action": "smoke.http", "dependsOn": ["promote"], "inputs": { "url": "${steps.promote.endpoint}" }, "runIn": "drill", "marksRecovery": true } ] }
            """;
        var definition = RunbookLoader.LoadOrThrow(json, "j.json", Catalog);

        Assert.Equal(RunbookKind.Drill, definition.Kind);
        Assert.Equal(2, definition.Steps[0].Retry.MaxAttempts);
        Assert.Equal(StepModes.Drill, definition.Steps[1].RunIn);
        Assert.True(definition.Steps[1].MarksRecovery);
    }

    [Fact]
    public void Load_ManyProblems_ReportsThemAll_AndTheExceptionListsEach()
    {
        var yaml = Steps("""
              - id: "bad id"
                action: nope
              - id: x
                action: smoke.http
                dependsOn: [ghost]
            """);
        var exception = Assert.Throws<RunbookValidationException>(() => RunbookLoader.LoadOrThrow(yaml, "runbooks/test.yaml", Catalog));

        Assert.True(exception.Errors.Count >= 4);
        foreach (var error in exception.Errors)
        {
            Assert.Contains(error.ToString(), exception.Message);
        }
        Assert.Contains("runbooks/test.yaml: step 'x': dependsOn: unknown step 'ghost'", exception.Message);
    }

    [Fact]
    public void Load_NotYaml_ReportsTheLine() => HasError(Errors("id: t\nkind: custom\n- stray"), null, "line 3", "not valid YAML");

    [Fact]
    public void Load_UnclosedFlowList_IsAnErrorNotACrash() => HasError(Errors("id: [unclosed\nkind: x"), null, "(document)", "not valid YAML");

    [Fact]
    public void Load_NotJson_ReportsTheLine() => HasError(Errors("{ \"id\": \"t\",\n \"kind\": }"), null, "line 2", "not valid JSON");

    [Fact]
    public void Load_NoSteps_IsAnError() => HasError(Errors("id: t\nkind: custom\nsteps: []"), null, "steps", "no steps");

    [Fact]
    public void Load_UnknownKind_IsAnError() => HasError(Errors("id: t\nkind: sideways\nsteps:\n  - { id: a, action: smoke.http, inputs: { url: u } }"), null, "kind", "sideways");

    [Fact]
    public void Load_DuplicateStepId_IsAnError() =>
        HasError(Errors(Steps("  - { id: a, action: smoke.http, inputs: { url: u } }\n  - { id: a, action: smoke.http, inputs: { url: u } }")), "a", "id", "more than one step");

    [Fact]
    public void Load_BadStepId_IsAnError() =>
        HasError(Errors(Steps("  - { id: 'a.b', action: smoke.http, inputs: { url: u } }")), "a.b", "id", "letters, digits");

    [Fact]
    public void Load_UnknownDependency_IsAnError() =>
        HasError(Errors(Steps("  - { id: a, action: smoke.http, inputs: { url: u }, dependsOn: [b] }")), "a", "dependsOn", "unknown step 'b'");

    [Fact]
    public void Load_Cycle_IsAnErrorNamingThePath() =>
        HasError(Errors(Steps("""
              - { id: a, action: smoke.http, inputs: { url: u }, dependsOn: [c] }
              - { id: b, action: smoke.http, inputs: { url: u }, dependsOn: [a] }
              - { id: c, action: smoke.http, inputs: { url: u }, dependsOn: [b] }
            """)), "a", "dependsOn", "a -> c -> b -> a");

    [Fact]
    public void Load_UnknownAction_IsAnError() => HasError(Errors(Steps("  - { id: a, action: s3.explode }")), "a", "action", "unknown action 's3.explode'");

    [Fact]
    public void Load_MissingRequiredInput_IsAnError() => HasError(Errors(Steps("  - { id: a, action: smoke.http }")), "a", "inputs.url", "required");

    [Fact]
    public void Load_UnknownInput_IsAnError() =>
        HasError(Errors(Steps("  - { id: a, action: smoke.http, inputs: { url: u, colour: red } }")), "a", "inputs.colour", "no input 'colour'");

    [Fact]
    public void Load_OutputOfStepNotDependedOn_IsAnError() =>
        HasError(Errors(Steps("""
              - { id: p, action: rds.promote, inputs: { replica: r } }
              - { id: s, action: smoke.http, inputs: { url: "${steps.p.endpoint}" } }
            """)), "s", "inputs.url", "does not depend on");

    [Fact]
    public void Load_OutputOfUnknownStep_IsAnError() =>
        HasError(Errors(Steps("  - { id: s, action: smoke.http, inputs: { url: \"${steps.ghost.endpoint}\" } }")), "s", "inputs.url", "unknown step 'ghost'");

    [Fact]
    public void Load_TransitiveDependencyOutput_IsAllowed()
    {
        var result = RunbookLoader.Load(Steps("""
              - { id: p, action: rds.promote, inputs: { replica: r } }
              - { id: m, action: ec2.terminate, dependsOn: [p] }
              - { id: s, action: smoke.http, dependsOn: [m], inputs: { url: "${steps.p.endpoint}" } }
            """), "runbooks/test.yaml", Catalog);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Load_OutputTheActionDoesNotDeclare_IsAnError() =>
        HasError(Errors(Steps("""
              - { id: p, action: rds.promote, inputs: { replica: r } }
              - { id: s, action: smoke.http, dependsOn: [p], inputs: { url: "${steps.p.port}" } }
            """)), "s", "inputs.url", "no output 'port'");

    [Theory]
    [InlineData("${secrets.x}", "not a known expression")]
    [InlineData("${}", "empty")]
    [InlineData("${app", "not closed")]
    public void Load_BadExpression_IsAnError(string value, string fragment) =>
        HasError(Errors(Steps($"  - {{ id: s, action: smoke.http, inputs: {{ url: \"{value}\" }} }}")), "s", "inputs.url", fragment);

    [Theory]
    [InlineData("timeout: soon", "timeout", "not a duration")]
    [InlineData("timeout: 0s", "timeout", "positive")]
    [InlineData("retry: { maxAttempts: 0 }", "retry.maxAttempts", "at least 1")]
    [InlineData("retry: { maxAttempts: two }", "retry.maxAttempts", "whole number")]
    [InlineData("retry: { delay: -5s }", "retry.delay", "negative")]
    [InlineData("retry: { multiplier: 0.5 }", "retry.multiplier", "at least 1")]
    [InlineData("approval: maybe", "approval", "not one of")]
    [InlineData("runIn: staging", "runIn", "not one of")]
    [InlineData("marksRecovery: perhaps", "marksRecovery", "true or false")]
    [InlineData("colour: red", "colour", "unknown field")]
    public void Load_BadStepField_IsAnError(string field, string name, string fragment) =>
        HasError(Errors(Steps($"  - {{ id: s, action: smoke.http, inputs: {{ url: u }}, {field} }}")), "s", name, fragment);

    [Fact]
    public void Load_UndoNamingUnknownAction_IsAnError() =>
        HasError(Errors(Steps("  - { id: s, action: smoke.http, inputs: { url: u }, undo: ec2.vaporise }")), "s", "undo", "unknown action 'ec2.vaporise'");

    [Fact]
    public void Load_TwoStepsMarkRecovery_IsAnError() =>
        HasError(Errors(Steps("  - { id: a, action: smoke.http, inputs: { url: u }, marksRecovery: true }\n  - { id: b, action: smoke.http, inputs: { url: u }, marksRecovery: true }")), null, "marksRecovery", "only one");

    [Fact]
    public void Load_WithoutCatalog_ChecksStructureOnly()
    {
        var result = RunbookLoader.Load(Steps("  - { id: a, action: anything.goes, inputs: { whatever: x } }"), "runbooks/test.yaml");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }
}
