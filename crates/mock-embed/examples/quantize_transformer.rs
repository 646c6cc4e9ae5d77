//! Writes an int8 copy of a transformer folder (`mock_embed::quantize_int8`):
//! `cargo run --release -p mock-embed --example quantize_transformer -- target/minilm target/minilm-int8`.
//! Every file but `model.safetensors` is copied unchanged.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, from, to] = &args[..] else {
        eprintln!("usage: quantize_transformer FROM_DIR TO_DIR");
        std::process::exit(2);
    };
    let (from, to) = (Path::new(from), Path::new(to));
    std::fs::create_dir_all(to).expect("output folder");
    for name in ["config.json", "tokenizer.json", "sentence_bert_config.json"] {
        if from.join(name).exists() {
            std::fs::copy(from.join(name), to.join(name)).expect("copy");
        }
    }
    let weights = std::fs::read(from.join("model.safetensors")).expect("model.safetensors");
    let int8 = mock_embed::quantize_int8(&weights).expect("quantises");
    std::fs::write(to.join("model.safetensors"), &int8).expect("write");
    println!(
        "{}: {} bytes -> {} bytes",
        to.join("model.safetensors").display(),
        weights.len(),
        int8.len()
    );
}
