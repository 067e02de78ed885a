import ArgumentParser
import Foundation

/// Peers' model-benchmark results (`workload,ms_per_step,peak_rss_mb` CSVs written by
/// `Scripts/bench/bench_torch.py` and `bench_keras.py`), for `lamina bench models --peers`.
struct PeerResults {
    /// Peer name → workload → ms/step.
    let results: [(name: String, msPerStep: [String: Double])]

    /// Parses `NAME:FILE.csv[,NAME:FILE.csv...]`; a missing file or a malformed row is an error
    /// naming the file.
    init(specs: String) throws {
        results = try specs.split(separator: ",").map { spec in
            guard let colon = spec.firstIndex(of: ":"), colon != spec.startIndex else {
                throw ValidationError("--peers takes NAME:FILE.csv; received: \(spec)")
            }
            let name = String(spec[..<colon]), path = String(spec[spec.index(after: colon)...])
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read the peer results \(path)")
            }
            var rows: [String: Double] = [:]
            for (n, line) in text.split(separator: "\n").enumerated().dropFirst() where !line.isEmpty {
                let cells = line.split(separator: ",")
                guard cells.count >= 2, let ms = Double(cells[1]), ms > 0 else {
                    throw ValidationError("\(path), line \(n + 1): expected workload,ms_per_step,peak_rss_mb; received: \(line)")
                }
                rows[String(cells[0])] = ms
            }
            return (name, rows)
        }
    }

    /// The peer with the fewest ms/step on `workload`, or nil when no peer ran it.
    func fastest(_ workload: String) -> (name: String, ms: Double)? {
        results.compactMap { r in r.msPerStep[workload].map { (r.name, $0) } }.min { $0.1 < $1.1 }
    }
}
