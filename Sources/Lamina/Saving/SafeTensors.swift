import Foundation

/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON
/// header mapping names to `{"dtype", "shape", "data_offsets"}` (plus `"__metadata__"`: string →
/// string), then the raw little-endian data. Lamina writes float32 and int32 tensors.
public enum SafeTensors {
    /// One named tensor's description and bytes.
    public struct Entry {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        public let bytes: Data
    }

    /// Serialises tensors (in the given order) with string metadata.
    public static func encode(_ tensors: [(String, Tensor)], metadata: [String: String]) throws -> Data {
        var header: [String: JSONValue] = ["__metadata__": .object(metadata.mapValues { .string($0) })]
        var body = Data()
        for (name, t) in tensors {
            guard header[name] == nil else { throw LaminaError.value("safetensors: duplicate tensor name '\(name)'") }
            let start = body.count
            switch t.dtype {
            case .float32:
                var v = t.scalars()
                body.append(Data(bytes: &v, count: v.count * 4))
            case .int32, .bool:
                var v = t.intScalars()
                body.append(Data(bytes: &v, count: v.count * 4))
            }
            header[name] = ["dtype": .string(t.dtype == .float32 ? "F32" : (t.dtype == .int32 ? "I32" : "BOOL32")),
                            "shape": JSONValue(t.shape), "data_offsets": [JSONValue(start), JSONValue(body.count)]]
        }
        var json = Data(JSONValue.object(header).description.utf8)
        while json.count % 8 != 0 { json.append(0x20) }  // pad the header with spaces to 8 bytes
        var length = UInt64(json.count).littleEndian
        var out = Data(bytes: &length, count: 8)
        out.append(json)
        out.append(body)
        return out
    }

    /// Parses a file's bytes. Every offset and size is checked, so a truncated or corrupt file
    /// throws an error naming `path` and the problem instead of crashing.
    public static func decode(_ data: Data, path: String) throws -> (entries: [Entry], metadata: [String: String]) {
        guard data.count >= 8 else { throw LaminaError.file(path, "not a safetensors file: \(data.count) bytes is shorter than the 8-byte header length") }
        let length = data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
        guard length <= UInt64(data.count - 8) else {
            throw LaminaError.file(path, "truncated or not a safetensors file: the header claims \(length) bytes but only \(data.count - 8) follow")
        }
        let headerData = data.subdata(in: 8..<(8 + Int(length)))
        let header: JSONValue
        do { header = try JSONDecoder().decode(JSONValue.self, from: headerData) } catch {
            throw LaminaError.file(path, "corrupt safetensors header (not valid JSON)")
        }
        guard let object = header.object else { throw LaminaError.file(path, "corrupt safetensors header (not a JSON object)") }
        let bodyStart = 8 + Int(length), bodyCount = data.count - bodyStart
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, value) in object {
            if name == "__metadata__" {
                for (k, v) in value.object ?? [:] { metadata[k] = v.string ?? v.description }
                continue
            }
            guard let dt = value["dtype"]?.string, let shape = value["shape"]?.ints, let offs = value["data_offsets"]?.ints,
                  offs.count == 2, shape.allSatisfy({ $0 >= 0 }) else {
                throw LaminaError.file(path, "corrupt safetensors entry '\(name)': missing dtype, shape or data_offsets")
            }
            let dtype: DType
            switch dt {
            case "F32": dtype = .float32
            case "I32": dtype = .int32
            case "BOOL32": dtype = .bool
            default: throw LaminaError.file(path, "tensor '\(name)' has dtype \(dt); Lamina reads F32 and I32")
            }
            let count = shape.reduce(1, *)
            guard offs[0] >= 0, offs[1] >= offs[0], offs[1] <= bodyCount, offs[1] - offs[0] == count * 4 else {
                throw LaminaError.file(path, "truncated or corrupt: tensor '\(name)' of shape \(shape) needs bytes \(offs) but the data section has \(bodyCount)")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape,
                                 bytes: data.subdata(in: (bodyStart + offs[0])..<(bodyStart + offs[1]))))
        }
        return (entries.sorted { $0.name < $1.name }, metadata)
    }

    /// Reads a file.
    public static func read(_ path: String) throws -> (entries: [Entry], metadata: [String: String]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LaminaError.file(path, "cannot read the file (missing or not readable)")
        }
        return try decode(data, path: path)
    }
}

extension SafeTensors.Entry {
    /// The entry as a tensor (on `backend`, or the current one). The bytes are copied, so their
    /// alignment in the file does not matter.
    public func tensor(on backend: (any Backend)? = nil) -> Tensor {
        let n = shape.reduce(1, *)
        if dtype == .float32 {
            var v = [Float](repeating: 0, count: n)
            _ = v.withUnsafeMutableBytes { bytes.copyBytes(to: $0) }
            return Tensor(v, shape: shape, on: backend)
        }
        var v = [Int32](repeating: 0, count: n)
        _ = v.withUnsafeMutableBytes { bytes.copyBytes(to: $0) }
        return Tensor(v, shape: shape, dtype: dtype, on: backend)
    }
}
