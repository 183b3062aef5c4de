using System.Reflection;
using Klantmeting.Results;

namespace Klantmeting.Tests.Results;

/// <summary>
/// The methods the results read and scoring call once per respondent are compiled optimized at their first call
/// (<see cref="MethodImplOptions.AggressiveOptimization"/>). Without it, tiered compilation runs them as unoptimized
/// code for most of a one-off computation: the scoring loop of a national round took 60-75 ms instead of 11-14 ms in
/// the first runs of a process (bench scenario 4; see docs/architecture.md, "Hand-written SQL and provider tuning").
/// The speed itself is measured in <c>bench/</c>, never here; this test keeps the marks from being lost in a refactor.
/// </summary>
public sealed class HotPathTests
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static TheoryData<Type, string> PerRowMethods => new()
    {
        { typeof(IdIndex), nameof(IdIndex.IndexOf) },
        { typeof(RespondentRows), nameof(RespondentRows.AddResponse) },
        { typeof(RespondentRows), nameof(RespondentRows.AddScore) },
        { typeof(RespondentRows), nameof(RespondentRows.SetAttribute) },
        { typeof(RespondentRows), "Row" },
        { typeof(BrokenDownAttribute), nameof(BrokenDownAttribute.SlotOf) },
        { typeof(CellAccumulator), "AddToSlots" },
        { typeof(RowStrata), nameof(RowStrata.StratumOf) },
        { typeof(WeightedSums), nameof(WeightedSums.Add) },
    };

    [Theory]
    [MemberData(nameof(PerRowMethods))]
    public void A_method_called_once_per_row_is_optimized_at_its_first_call(Type type, string name)
    {
        var methods = type.GetMethods(Declared).Where(m => m.Name == name).ToList();
        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.True(IsOptimized(m), $"{type.Name}.{m.Name} is not marked AggressiveOptimization"));
    }

    [Fact]
    public void The_accumulator_adds_a_respondent_with_optimized_code()
    {
        // Add(in RespondentRow) is the per-respondent entry; Add(in RespondentRow, int) only sets the stratum around it.
        var add = typeof(CellAccumulator).GetMethods(Declared)
            .Single(m => m.Name == nameof(CellAccumulator.Add) && m.GetParameters().Length == 1);
        Assert.True(IsOptimized(add));
    }

    [Fact]
    public void The_readers_row_callbacks_are_optimized_at_their_first_call()
    {
        // The three lambdas that take a row of the responses, the principle scores and the attributes.
        var callbacks = typeof(RespondentReader).GetNestedTypes(Declared)
            .SelectMany(t => t.GetMethods(Declared))
            .Where(m => m.GetParameters() is [{ ParameterType.Name: "DbDataReader" }] && m.ReturnType == typeof(void))
            .ToList();
        var named = callbacks.Select(m => m.Name).ToList();
        foreach (var read in new[] { "ReadResponsesAsync", "ReadScoresAsync", "ReadAttributesAsync" })
        {
            var callback = Assert.Single(callbacks, m => m.Name.Contains($"<{read}>", StringComparison.Ordinal));
            Assert.True(IsOptimized(callback), $"the row callback of {read} is not marked AggressiveOptimization ({string.Join(", ", named)})");
        }
    }

    private static bool IsOptimized(MethodInfo method) =>
        (method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0;
}
