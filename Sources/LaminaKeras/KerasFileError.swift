import Lamina
import LaminaHDF5

/// Errors about Keras files, as ``LaminaError``s of kind `.file` that name the file, the path
/// inside it and the problem.
enum KerasFileError {
    /// `<file>: <message>`.
    static func file(_ path: String, _ message: String) -> LaminaError {
        LaminaError(.file, "\(path): \(message)")
    }

    /// Runs `body`, turning HDF5 and ZIP failures (``HDF5Error``, LaminaData's ``DataError``)
    /// into file errors; their text already names the file and the path inside it.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as HDF5Error {
            throw LaminaError(.file, e.description)
        } catch let e as DataError {
            throw LaminaError(.file, e.description)
        }
    }
}

extension Tensor {
    /// The values as an HDF5 dataset of the variable's dtype (float32, or int32 for ints and bools).
    func write(to group: HDF5Group, name: String) throws {
        if dtype == .float32 {
            try group.createDataset(name, float32: scalars(), shape: shape)
        } else {
            try group.createDataset(name, int32: intScalars(), shape: shape)
        }
    }
}

extension HDF5Dataset {
    /// The data as a tensor of `dtype` and this dataset's shape, converting numbers as NumPy's
    /// `astype` would (Keras assigns saved arrays to variables the same way).
    func tensor(dtype: DType, on backend: (any Backend)?) throws -> Tensor {
        guard elementType.isNumeric else { throw HDF5Error(file: file.name, path: path, "holds \(elementType) data, not numbers") }
        if dtype == .float32 { return Tensor(try readFloats(), shape: shape, on: backend) }
        let values = try readInt64s()
        guard values.allSatisfy({ $0 >= Int64(Int32.min) && $0 <= Int64(Int32.max) }) else {
            throw HDF5Error(file: file.name, path: path, "holds integers outside the int32 range")
        }
        return Tensor(values.map { Int32($0) }, shape: shape, dtype: dtype, on: backend)
    }
}
