using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes the entries of a sweep's <c>search_space</c>, nested choice groups included.</summary>
internal static class SearchSpaceWriter
{
    /// <summary>Writes one parameter: a constant as its value, a form the model does not type as written, else a mapping with its type.</summary>
    public static void WriteParameter(YamlEmitter e, SearchSpaceParameter parameter)
    {
        switch (parameter)
        {
            case ConstantParameter constant:
                e.Literal(constant.Value);
                return;
            case UnrecognizedSearchSpaceParameter raw:
                // The entry as the service wrote it; the loader reads a form it does not model back into the same type.
                e.Freeform(raw.Value);
                return;
        }
        e.BeginMap();
        e.Key("type");
        e.Text(parameter.TypeName);
        switch (parameter)
        {
            case ChoiceParameter choice:
                e.Key("values");
                var flat = choice.Values.All(v => v.Group is null);
                e.BeginSeq(flow: flat);
                foreach (var option in choice.Values)
                {
                    if (option.Group is { } group) e.MapBody(group, WriteParameter);
                    else if (option.Value is { } value) e.Literal(value);
                    else e.Null();
                }
                e.EndSeq();
                break;
            case RandIntParameter randInt:
                e.OptionalInt("upper", randInt.Upper);
                break;
            case UniformParameter uniform:
                e.OptionalNumber("min_value", uniform.MinValue);
                e.OptionalNumber("max_value", uniform.MaxValue);
                e.OptionalNumber("q", uniform.Q);
                break;
            case NormalParameter normal:
                e.OptionalNumber("mu", normal.Mu);
                e.OptionalNumber("sigma", normal.Sigma);
                e.OptionalNumber("q", normal.Q);
                break;
        }
        e.EndMap();
    }
}
