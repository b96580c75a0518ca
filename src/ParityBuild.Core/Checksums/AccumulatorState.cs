namespace ParityBuild.Core.Checksums;

internal static class AccumulatorState
{
    public static InvalidOperationException Finished(object accumulator) =>
        new($"{accumulator.GetType().Name} has already produced its result; create a new one for the next script.");
}
