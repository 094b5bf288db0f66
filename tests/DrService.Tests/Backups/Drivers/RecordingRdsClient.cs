using System.Reflection;
using DrService.Aws.Rds;

namespace DrService.Tests.Backups.Drivers;

/// <summary>An <see cref="IRdsClient"/> that forwards every call to another and records its arguments (to assert the request sent).</summary>
public class RecordingRdsClient : DispatchProxy
{
    private IRdsClient _inner = null!;

    public List<(string Method, object?[] Args)> Calls { get; } = [];

    public IRdsClient Client => (IRdsClient)(object)this;

    public static RecordingRdsClient Wrap(IRdsClient inner)
    {
        var proxy = Create<IRdsClient, RecordingRdsClient>();
        var recorder = (RecordingRdsClient)(object)proxy;
        recorder._inner = inner;
        return recorder;
    }

    public IEnumerable<T> Arguments<T>() => Calls.SelectMany(c => c.Args).OfType<T>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        lock (Calls)
        {
            Calls.Add((targetMethod.Name, args ?? []));
        }
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
