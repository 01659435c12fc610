namespace TrainingJobs.Sdk.Validation;

/// <summary>Finds cycles among a pipeline's steps (TJ0004) and reports each once, with the path it takes.</summary>
internal static class StepGraph
{
    /// <summary>Reports every cycle of <paramref name="dependencies"/> (step → the steps it reads from).</summary>
    /// <param name="dependencies">For each step, the steps whose inputs or outputs it binds to.</param>
    /// <param name="order">The steps in the pipeline's order, so reports are deterministic.</param>
    /// <param name="jobsPath">The path of the pipeline's <c>jobs</c>.</param>
    /// <param name="context">The run.</param>
    public static void ReportCycles(Dictionary<string, List<string>> dependencies, IReadOnlyList<string> order, string jobsPath, ValidationContext context)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 0 new, 1 on the stack, 2 done
        var stack = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var position = order.Select((name, index) => (name, index)).Where(p => p.name is not null)
            .GroupBy(p => p.name).ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);

        foreach (var start in order)
        {
            if (start is null || state.GetValueOrDefault(start) != 0) continue;
            // Iterative depth-first search: a long chain of steps must not exhaust the stack.
            var frames = new Stack<(string Node, int Next)>();
            frames.Push((start, 0));
            state[start] = 1;
            stack.Add(start);
            while (frames.Count > 0)
            {
                var (node, next) = frames.Pop();
                var edges = dependencies.GetValueOrDefault(node) ?? [];
                if (next < edges.Count)
                {
                    frames.Push((node, next + 1));
                    var target = edges[next];
                    switch (state.GetValueOrDefault(target))
                    {
                        case 0 when dependencies.ContainsKey(target):
                            state[target] = 1;
                            stack.Add(target);
                            frames.Push((target, 0));
                            break;
                        case 1:
                            Report(stack.GetRange(stack.IndexOf(target), stack.Count - stack.IndexOf(target)), position, reported, jobsPath, context);
                            break;
                    }
                }
                else
                {
                    state[node] = 2;
                    stack.RemoveAt(stack.Count - 1);
                }
            }
        }
    }

    private static void Report(List<string> cycle, Dictionary<string, int> position, HashSet<string> reported, string jobsPath, ValidationContext context)
    {
        var key = string.Join('\n', cycle.Order(StringComparer.Ordinal));
        if (!reported.Add(key)) return;
        // The search follows "reads from" edges; show the data flow instead (each step feeds the next), starting at the
        // step that comes first in the pipeline.
        var flow = Enumerable.Reverse(cycle).ToList();
        var first = flow.IndexOf(flow.MinBy(name => position.GetValueOrDefault(name, int.MaxValue))!);
        flow = flow.Skip(first).Concat(flow.Take(first)).ToList();
        var shown = string.Join(" → ", flow.Append(flow[0]).Select(name => NameRules.IsQuotable(name) ? name : "?"));
        context.Report(ValidationCodes.PipelineCycle,
            $"Steps depend on each other in a cycle ({shown}); no step of the cycle can ever start.",
            DiagnosticPath.Append(jobsPath, flow[0]));
    }
}
