using System.Diagnostics;

namespace DrService.Bench.BackupCycle;

/// <summary>
/// Memory of one phase. Managed: the highest <see cref="GC.GetTotalMemory(bool)"/> sampled every 10 ms, minus the
/// heap after a full collection at the start, and the bytes allocated (<see cref="GC.GetTotalAllocatedBytes"/>).
/// Process: <see cref="Process.PeakWorkingSet64"/> (VmHWM) after the phase; the peak is reset at the start through
/// /proc/self/clear_refs where Linux allows it, else it is the process's peak so far.
/// </summary>
public sealed class MemoryProbe : IAsyncDisposable
{
    private readonly long _baseline;
    private readonly long _allocated;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peak;

    public MemoryProbe()
    {
        _baseline = GC.GetTotalMemory(forceFullCollection: true);
        _allocated = GC.GetTotalAllocatedBytes(precise: true);
        PeakReset = TryResetPeak();
        _peak = _baseline;
        _sampler = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: false));
                try
                {
                    await Task.Delay(10, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    public bool PeakReset { get; }

    public long HeapPeakDelta { get; private set; }

    public long Allocated { get; private set; }

    public long PeakWorkingSet { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        _peak = Math.Max(_peak, GC.GetTotalMemory(forceFullCollection: false));
        HeapPeakDelta = _peak - _baseline;
        Allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
        using var self = Process.GetCurrentProcess();
        PeakWorkingSet = self.PeakWorkingSet64;
        _stop.Dispose();
    }

    private static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }
}
