#if canImport(Glibc)
import Glibc
#endif

/// Kernels of a convolution that computes a short-time Fourier transform (Keras `STFT`, used by
/// `STFTSpectrogram`): shape `(frameLength, 1, fftBins)` with the real (`cos`) or imaginary
/// (`sin`) part of `exp(-2πi·t·f/F)`, times a window, divided by the window's scaling.
public struct STFT: Initializer {
    public enum Side: String, Sendable { case real, imag }
    public enum Window: String, Sendable { case hann, hamming }
    public enum Scaling: String, Sendable { case density, spectrum }

    public let side: Side
    public let window: Window?
    public let scaling: Scaling?
    public let periodic: Bool

    public init(side: Side = .real, window: Window? = .hann, scaling: Scaling? = .density, periodic: Bool = false) {
        self.side = side; self.window = window; self.scaling = scaling; self.periodic = periodic
    }

    /// The window's values (SciPy's `get_window`: symmetric unless `periodic`).
    func windowValues(_ n: Int) -> [Double]? {
        guard let window else { return nil }
        let denominator = Double(periodic ? n : max(n - 1, 1))
        let (a, b) = window == .hann ? (0.5, 0.5) : (0.54, 0.46)
        if n == 1 { return [1] }
        return (0..<n).map { a - b * cos(2 * Double.pi * Double($0) / denominator) }
    }

    public func callAsFunction(_ shape: [Int]) -> Tensor {
        precondition(shape.count == 3, "STFT initializer: shape must be (frame_length, channels, fft_bins). Received: \(shape)")
        let frames = shape[0], channels = shape[1], bins = shape[2]
        let fftLength = Double(max((bins - 1) * 2, 1))
        let win = windowValues(frames)
        var scale = 1.0
        if let win {
            switch scaling {
            case .density: scale = win.reduce(0) { $0 + $1 * $1 }.squareRoot()
            case .spectrum: scale = win.reduce(0) { $0 + abs($1) }
            case nil: scale = 1
            }
        }
        // Keras computes the angles and products in float32; do the same so near-zero entries agree.
        let pi = Float.pi
        let winF = win?.map { Float($0) }, scaleF = Float(scale)
        var values = [Float](repeating: 0, count: frames * channels * bins)
        for t in 0..<frames {
            for c in 0..<channels {
                for f in 0..<bins {
                    let arg = (-2 * Float(t)) * (Float(f) / Float(fftLength)) * pi
                    var v = side == .real ? cosf(arg) : sinf(arg)
                    if let winF { v = v * winF[t] / scaleF }
                    values[(t * channels + c) * bins + f] = v
                }
            }
        }
        return Tensor(values, shape: shape)
    }

    public var className: String { "STFT" }
    public var config: [String: JSONValue] {
        ["side": .string(side.rawValue), "window": window.map { .string($0.rawValue) } ?? nil,
         "scaling": scaling.map { .string($0.rawValue) } ?? nil, "periodic": .bool(periodic)]
    }
}
