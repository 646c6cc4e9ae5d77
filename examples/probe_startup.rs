fn main() {
    let t = std::time::Instant::now();
    let files = mock::bank::load::embedded_files();
    let t1 = t.elapsed();
    let parsed = mock::bank::load::parse_all(files);
    let t2 = t.elapsed();
    let checked = mock::bank::validate::check(&parsed, false);
    let t3 = t.elapsed();
    let bank = mock::Bank::builtin().unwrap();
    let t4 = t.elapsed();
    println!(
        "files {t1:?} parse {:?} validate+compile {:?} full builtin {:?} {}",
        t2 - t1,
        t3 - t2,
        t4 - t3,
        checked.diagnostics.len() + bank.ids().len()
    );
}
