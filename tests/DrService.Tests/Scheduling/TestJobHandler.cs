using System.Collections.Concurrent;
using DrService.Scheduling;

namespace DrService.Tests.Scheduling;

/// <summary>A handler that counts its calls, keeps the contexts it was given and does what the test says.</summary>
internal sealed class TestJobHandler : IJobHandler
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<JobRunContext> Contexts { get; } = new();

    public Func<JobRunContext, CancellationToken, Task<JobOutcome>> Behaviour { get; set; } =
        (_, _) => Task.FromResult(JobOutcome.Succeeded("done"));

    public async Task<JobOutcome> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Contexts.Enqueue(context);
        return await Behaviour(context, cancellationToken);
    }
}
