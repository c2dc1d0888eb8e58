using Mnemo.Models.Positions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mnemo.Models;

/// <summary>Decoder-only pre-LayerNorm transformer language model. Forward takes token ids AND their
/// positions (positions are data), optionally a key/value cache for incremental decoding.</summary>
public sealed class TransformerLM : nn.Module
{
    private readonly Embedding tokens;
    private readonly PositionalScheme positions;
    private readonly nn.Module<Tensor, Tensor>? embeddingNorm;
    private readonly Dropout embeddingDropout;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly nn.Module<Tensor, Tensor> finalNorm;
    private readonly Linear? head;

    public TransformerLM(ModelConfig config, int vocabSize, int maxPositions) : base(nameof(TransformerLM))
    {
        config.Validate();
        Config = config;
        VocabSize = vocabSize;
        MaxPositions = maxPositions;
        tokens = nn.Embedding(vocabSize, config.DModel);
        positions = config.SchemeKind.Create(new SchemeDimensions(config.DModel, config.Heads, config.HeadDim, config.RotaryFraction,
            config.RotaryBase, config.Llama?.RopeScaling, maxPositions));
        embeddingNorm = config.EmbeddingNorm ? TransformerBlock.Norm(config) : null;
        embeddingDropout = nn.Dropout(config.Dropout);
        blocks = new ModuleList<TransformerBlock>(Enumerable.Range(0, config.Layers).Select(l => new TransformerBlock(config, l)).ToArray());
        finalNorm = TransformerBlock.Norm(config);
        head = config.TieEmbeddings ? null : nn.Linear(config.DModel, vocabSize, hasBias: false);
        RegisterComponents();
        Initialize();
    }

    public ModelConfig Config { get; }
    public int VocabSize { get; }
    public int MaxPositions { get; }
    public PositionalScheme Positions => positions;

    /// <summary>Largest position + 1 this model can represent, or null when unbounded.</summary>
    public long? PositionCapacity => Config.SchemeKind.Capacity(MaxPositions);

    /// <summary>The token embedding table (V, D); also the output head when embeddings are tied.</summary>
    public Parameter TokenEmbeddings => tokens.weight!;

    /// <summary>What the parameter called <paramref name="name"/> (as in named_parameters) is, for training
    /// that treats some kinds differently (weight decay, freezing) without knowing the module tree.</summary>
    public ParameterKind KindOf(string name) =>
        name == $"{nameof(tokens)}.weight" ? ParameterKind.TokenEmbeddings
        : name.StartsWith($"{nameof(positions)}.", StringComparison.Ordinal) ? ParameterKind.Positions
        : ParameterKind.Other;

    /// <summary>GPT-2 initialization: N(0, 0.02) weights, zero biases, residual projections scaled by 1/√(2L).</summary>
    private void Initialize()
    {
        using var _ = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith("bias")) nn.init.zeros_(p);
            else if (p.dim() >= 2) nn.init.normal_(p, 0, 0.02);
        }
        foreach (var block in blocks)
            foreach (var proj in block.ResidualProjections)
                nn.init.normal_(proj.weight!, 0, 0.02 / Math.Sqrt(2 * Config.Layers));
    }

    /// <summary>Token embeddings plus whatever the scheme adds (then the embedding LayerNorm, if any): the
    /// input of the first block, and the leaf that gradient × input differentiates against. (B, T) → (B, T, D).</summary>
    public Tensor Embed(Tensor ids, Tensor pos)
    {
        var x = positions.Embed(tokens.call(ids), pos);
        return embeddingDropout.call(embeddingNorm is null ? x : embeddingNorm.call(x));
    }

    /// <summary>Logits for every position. ids, pos: (B, T); valid: (B, T) false on padding (default: all true).</summary>
    public Tensor Forward(Tensor ids, Tensor pos, KvCache? cache = null, Tensor? valid = null, Action<int, Tensor>? recorder = null) =>
        ForwardEmbedded(Embed(ids, pos), pos, cache, valid, recorder);

    /// <summary>The rest of the forward pass, from embeddings (B, T, D) to logits (B, T, V).</summary>
    public Tensor ForwardEmbedded(Tensor x, Tensor pos, KvCache? cache = null, Tensor? valid = null, Action<int, Tensor>? recorder = null)
    {
        long b = x.shape[0], t = x.shape[1];
        bool plainCausal = valid is null && cache is null;
        var queryValid = valid;
        valid ??= ones(b, t, dtype: @bool, device: x.device);
        var (keyPositions, keyValid) = cache is null ? (pos, valid) : cache.AppendPositions(pos, valid);
        long tk = keyPositions.shape[1];
        // query i (global index tk - t + i) sees key j when j ≤ tk - t + i and key j is not padding
        Tensor Allowed() => ones(t, tk, dtype: @bool, device: x.device).tril(tk - t)         // (Tq, Tk)
            .unsqueeze(0).logical_and(keyValid.unsqueeze(1)).unsqueeze(1);                    // (B, 1, Tq, Tk)
        return Blocks(x, new AttentionContext(positions, pos, keyPositions, Allowed, plainCausal, cache, recorder, queryValid));
    }

    /// <summary>Logits (N, V) of the real tokens of a right-padded batch, row by row: the same values as
    /// <see cref="Forward"/>'s at those tokens, computed without the padding wherever the model works token by
    /// token (see <see cref="Unpadding"/>). ids, pos: (B, T) with <paramref name="unpadding"/>'s layout.</summary>
    /// <param name="outputs">(M) int64, places among the N real tokens whose logits are wanted (a loss needs only
    /// the supervised ones): the last block's output projection and MLP, the final norm and the head then run
    /// on these M tokens only, and the logits are (M, V). Null: all N.</param>
    public Tensor ForwardUnpadded(Tensor ids, Tensor pos, Unpadding unpadding, Tensor? outputs = null)
    {
        var x = Embed(unpadding.Unpad(ids), unpadding.Unpad(pos));                         // (N, D)
        // a real token's keys are real tokens before it, so the plain causal mask is exact; padding's rows are never read
        long t = pos.shape[1];
        Tensor Allowed() => ones(t, t, dtype: @bool, device: x.device).tril().view(1, 1, t, t);
        return Blocks(x, new AttentionContext(positions, pos, pos, Allowed, plainCausal: true, cache: null, recorder: null,
            queryValid: null, unpadding), outputs);
    }

    /// <summary>The blocks, the final norm and the head: hidden states (…, D) → logits (…, V); with
    /// <paramref name="outputs"/> (unpadded tokens only) the last block keeps those tokens alone.</summary>
    private Tensor Blocks(Tensor x, AttentionContext ctx, Tensor? outputs = null)
    {
        for (int l = 0; l < blocks.Count; l++) x = blocks[l].Forward(x, ctx, l == blocks.Count - 1 ? outputs : null);
        x = finalNorm.call(x);
        return head is null ? x.matmul(tokens.weight!.t()) : head.call(x);
    }

    public long ParameterCount() => parameters().Sum(p => p.numel());
}
