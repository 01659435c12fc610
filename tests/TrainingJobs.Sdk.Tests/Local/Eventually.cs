namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>Waits for a condition about the outside world (a process gone from /proc) with a deadline; fails the test when it never holds.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string because, TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!condition())
        {
            if (deadline.IsCancellationRequested) Assert.Fail("Timed out waiting: " + because);
            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // Checked once more above.
            }
        }
    }
}
