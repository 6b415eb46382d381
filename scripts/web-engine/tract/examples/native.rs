fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).unwrap_or("30".into()).parse().unwrap();
    let bytes = std::fs::read(path).unwrap();
    let start = std::time::Instant::now();
    let r = tractb::bench_with(&bytes, n, &|| start.elapsed().as_secs_f64() * 1000.0);
    println!("tract native: load {:.0} ms, first {:.1} ms, mean {:.2} ms, check {:.4}", r[0], r[1], r[2], r[3]);
}
