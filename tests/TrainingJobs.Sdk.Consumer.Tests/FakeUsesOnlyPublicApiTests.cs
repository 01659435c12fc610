using System.Reflection;
using System.Reflection.Emit;
using TrainingJobs.Sdk.Testing.Fakes;

namespace TrainingJobs.Sdk.Consumer.Tests;

/// <summary>
/// TrainingJobs.Sdk.Testing may see the SDK's internals (InternalsVisibleTo, for the emulator), but its fake client
/// must not use them: it is the proof that a consumer can build the same fake, or mock the client with any library,
/// from the public API alone. This reads the IL of every type of the Fakes namespace (lambdas and async state machines
/// included) and names every SDK member it reaches that is not public.
/// </summary>
public sealed class FakeUsesOnlyPublicApiTests
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    [Test]
    public void The_fake_client_reaches_only_public_members_of_the_SDK()
    {
        var sdk = typeof(TrainingJobsClient).Assembly;
        var fakes = typeof(FakeTrainingJobsClient).Assembly.GetTypes()
            .Where(t => (t.Namespace ?? "").StartsWith(typeof(FakeTrainingJobsClient).Namespace!, StringComparison.Ordinal)).ToList();
        var checkedMethods = 0;

        var internals = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in fakes)
        {
            if (type.BaseType is { } baseType && baseType.Assembly == sdk && !IsVisible(baseType)) internals.Add($"{type}: base {baseType}");
            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)).Where(m => m.DeclaringType == type))
            {
                checkedMethods++;
                foreach (var member in MembersUsedBy(method).Where(m => m.Module.Assembly == sdk && !IsVisible(m)))
                {
                    internals.Add($"{type.Name}.{method.Name} uses {member.DeclaringType?.Name}.{member.Name}");
                }
            }
        }

        checkedMethods.Should().BeGreaterThan(50, "the scan reached the fake's methods");
        internals.Should().BeEmpty();
    }

    [Test]
    public void The_scan_finds_an_internal_member_when_one_is_used()
    {
        // TrainingJobsClient's own GetLineageAsync reaches its internal lineage builder: the scan must see that.
        var method = typeof(TrainingJobsClient).GetMethod(nameof(TrainingJobsClient.GetLineageAsync))!;

        MembersUsedBy(method).Where(m => !IsVisible(m)).Select(m => (m as Type ?? m.DeclaringType!).Name).Should().Contain("LineageGraphBuilder");
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static bool IsVisible(MemberInfo member) => member switch
    {
        Type type => (type.IsPublic || (type.IsNestedPublic && IsVisible(type.DeclaringType!))) && type.GetGenericArguments().All(a => a.IsGenericParameter || a.Assembly != typeof(TrainingJobsClient).Assembly || IsVisible(a)),
        MethodBase method => (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly) && IsVisible(method.DeclaringType!),
        FieldInfo field => (field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) && IsVisible(field.DeclaringType!),
        _ => true,
    };

    /// <summary>Every type, method and field a method's IL refers to.</summary>
    private static IEnumerable<MemberInfo> MembersUsedBy(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArguments = method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var value = (short)il[i++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[i++]));
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    var member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    if (member is not null)
                    {
                        yield return member;
                        if (member.DeclaringType is { } declaring) yield return declaring;
                    }
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
