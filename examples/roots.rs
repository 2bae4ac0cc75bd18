//! The root Isnad's analyser gives each word read from stdin (one a line), printed as `word<TAB>root`
//! (empty for a stopword or a word with no Arabic root). `scripts/root_accuracy.py` scores it.

use std::io::{self, BufRead, BufWriter, Write};

fn main() -> io::Result<()> {
    let analyzer = isnad::arabic::Analyzer::default();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let word = line?;
        let root = analyzer.root_of(&isnad::arabic::normalize(&word)).unwrap_or_default();
        writeln!(out, "{word}\t{root}")?;
    }
    out.flush()
}
