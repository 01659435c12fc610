using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using static TrainingJobs.Sdk.Building.CommandText;

namespace TrainingJobs.Sdk.Tests.Building;

public class CommandTextTests
{
    private static readonly LiteralInputHandle Lr = Input.Number("lr", 0.01);
    private static readonly AssetInputHandle Data = Input.UriFolder("data", "azureml:mnist:1");
    private static readonly OutputHandle Model = Output.UriFolder("model");

    [Test]
    public void Input_and_output_handles_write_their_expressions()
    {
        var text = Of($"python train.py --lr {Lr} --data {Data} --out {Model}");

        text.Text.Should().Be("python train.py --lr ${{inputs.lr}} --data ${{inputs.data}} --out ${{outputs.model}}");
        text.Inputs.Should().Equal(Lr, Data);
        text.Outputs.Should().Equal(Model);
    }

    [Test]
    public void Search_space_handles_write_search_space_expressions()
    {
        var batch = SearchSpace.Choice("batch_size", 16, 32);

        var text = Of($"python train.py --batch {batch}");

        text.Text.Should().Be("python train.py --batch ${{search_space.batch_size}}");
        text.SearchSpace.Should().Equal(batch);
    }

    [Test]
    public void Optional_segment_wraps_its_text_and_keeps_its_handles()
    {
        var seed = Input.Integer("seed").AsOptional();

        var text = Of($"python train.py --lr {Lr} {Optional($"--seed {seed}")}");

        text.Text.Should().Be("python train.py --lr ${{inputs.lr}} $[[--seed ${{inputs.seed}}]]");
        text.Inputs.Should().Equal(Lr, seed);
    }

    [Test]
    public void Plain_values_are_written_as_invariant_text()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var text = Of($"run --epochs {10} --scale {0.5} --ratio {1.23456:F2} --name {"mnist"} --verbose {true} --cpu {false}");

            text.Text.Should().Be("run --epochs 10 --scale 0.5 --ratio 1.23 --name mnist --verbose true --cpu false");
            text.Inputs.Should().BeEmpty();
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Test]
    public void Literal_values_are_written_as_the_model_writes_them()
    {
        LiteralValue flag = true;

        Of($"--flag {flag}").Text.Should().Be("--flag true");
    }

    [Test]
    public void Command_text_can_be_reused_inside_another_command()
    {
        var common = Of($"--data {Data}");

        var text = Of($"python a.py {common} --out {Model}");

        text.Text.Should().Be("python a.py --data ${{inputs.data}} --out ${{outputs.model}}");
        text.Inputs.Should().Equal(Data);
        text.Outputs.Should().Equal(Model);
    }

    [Test]
    public void A_handle_used_twice_is_listed_once()
    {
        var text = Of($"{Lr} {Lr}");

        text.Text.Should().Be("${{inputs.lr}} ${{inputs.lr}}");
        text.Inputs.Should().ContainSingle();
    }

    [Test]
    public void Handles_format_as_their_expression_outside_a_command_too()
    {
        string plain = string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} {1}", Lr, Model);

        plain.Should().Be("${{inputs.lr}} ${{outputs.model}}");
        SearchSpace.Uniform("x", 0, 1).ToString().Should().Be("${{search_space.x}}");
    }
}
