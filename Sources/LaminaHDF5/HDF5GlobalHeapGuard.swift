import CHDF5
import Foundation

/// libhdf5 (1.10.8 at least) trusts a file's global heap when it reads variable-length strings:
/// a corrupt heap object size, or a string reference to a heap object that does not exist,
/// makes `H5Aread` copy out of bounds and crash. Before such a read this guard parses, from
/// the file's bytes, the attribute's message in the object header (version 1, what h5py and
/// Keras write) and the global heap collections its strings point to, and throws if they are
/// inconsistent. Headers it cannot parse (version 2, attributes in dense storage) are left to
/// libhdf5 unchecked.
struct HDF5GlobalHeapGuard {
    let object: HDF5Object
    let bytes: HDF5RawBytes

    /// Throws if attribute `name`'s variable-length strings point outside valid heap objects.
    func check(attribute name: String) throws {
        var address: UInt64 = 0
        guard lamina_h5_object_address(object.id, &address) >= 0 else {
            _ = HDF5Library.takeError()
            return
        }
        guard let header = Int(exactly: address).flatMap({ bytes.read(bytes.base + $0, 16) }), header[0] == 1 else { return }
        var chunks = [(start: bytes.base + Int(address) + 16, length: Int(le32(header, 8)))]
        var visited = 0
        while let chunk = chunks.popLast(), visited < 1000 {
            visited += 1
            guard chunk.length >= 0, chunk.length < 1 << 24, let data = bytes.read(chunk.start, chunk.length) else { throw corrupt(name) }
            var offset = 0
            while offset + 8 <= data.count {
                let type = le16(data, offset), size = Int(le16(data, offset + 2))
                guard offset + 8 + size <= data.count else { throw corrupt(name) }
                let message = Array(data[(offset + 8)..<(offset + 8 + size)])
                if type == 0x10, message.count >= 16 {
                    guard let start = Int(exactly: le64(message, 0)), let length = Int(exactly: le64(message, 8)), start < Int.max / 2 else { throw corrupt(name) }
                    chunks.append((bytes.base + start, length))
                } else if type == 0x0C, try checkAttributeMessage(message, name: name) {
                    return
                }
                offset += 8 + size
            }
        }
    }

    /// Checks the message if it is attribute `name`'s; returns whether it was.
    private func checkAttributeMessage(_ m: [UInt8], name: String) throws -> Bool {
        guard m.count >= 9 else { return false }
        let version = m[0]
        guard (1...3).contains(version) else { return false }
        let nameSize = Int(le16(m, 2)), typeSize = Int(le16(m, 4)), spaceSize = Int(le16(m, 6))
        func pad(_ n: Int) -> Int { version == 1 ? (n + 7) / 8 * 8 : n }
        let nameStart = version == 3 ? 9 : 8
        let typeStart = nameStart + pad(nameSize), spaceStart = typeStart + pad(typeSize), dataStart = spaceStart + pad(spaceSize)
        guard nameSize > 0, dataStart <= m.count else { return false }
        let stored = m[nameStart..<(nameStart + nameSize)].prefix { $0 != 0 }
        guard stored.elementsEqual(name.utf8) else { return false }
        // Datatype: class 9 (variable-length) of type 1 (string); anything else is read safely.
        guard typeSize >= 8, m[typeStart] & 0x0F == 9, m[typeStart + 1] & 0x0F == 1 else { return true }
        let count = try elementCount(Array(m[spaceStart..<(spaceStart + spaceSize)]), name: name)
        guard dataStart + count * 16 <= m.count else { throw corrupt(name) }
        var collections: [Int: [UInt16: Int]] = [:]
        for i in 0..<count {
            let e = dataStart + i * 16
            let length = Int(le32(m, e)), index = UInt16(truncatingIfNeeded: le32(m, e + 12))
            guard let address = Int(exactly: le64(m, e + 4)), address < Int.max / 2 else { throw corrupt(name) }
            if length == 0 && address == 0 { continue }
            if collections[address] == nil { collections[address] = try collection(at: address, attribute: name) }
            guard le32(m, e + 12) <= UInt32(UInt16.max), collections[address]?[index] == length else { throw corrupt(name) }
        }
        return true
    }

    /// Elements of a dataspace message (version 1 or 2).
    private func elementCount(_ s: [UInt8], name: String) throws -> Int {
        guard s.count >= 4 else { throw corrupt(name) }
        let rank = Int(s[1]), first = s[0] == 1 ? 8 : 4
        if s[0] == 2 && s[3] == 2 { return 0 }   // null dataspace
        guard rank <= 32, first + rank * 8 <= s.count else { throw corrupt(name) }
        var n = 1
        for d in 0..<rank {
            guard let dim = Int(exactly: le64(s, first + d * 8)), dim <= 1 << 24 else { throw corrupt(name) }
            n *= dim
            guard n <= 1 << 24 else { throw corrupt(name) }
        }
        return n
    }

    /// A global heap collection's objects (index → size), from its bytes.
    private func collection(at address: Int, attribute name: String) throws -> [UInt16: Int] {
        guard let head = bytes.read(bytes.base + address, 16), head.prefix(4).elementsEqual(Array("GCOL".utf8)), head[4] == 1,
              let size = Int(exactly: le64(head, 8)), size >= 16, size < 1 << 30, let data = bytes.read(bytes.base + address, size) else {
            throw corrupt(name)
        }
        var objects: [UInt16: Int] = [:]
        var offset = 16
        while offset + 16 <= size {
            let index = le16(data, offset)
            if index == 0 { break }   // the free space (its size counts its own header) runs to the end
            guard let objectSize = Int(exactly: le64(data, offset + 8)), objectSize <= size - offset - 16 else { throw corrupt(name) }
            guard objects.updateValue(objectSize, forKey: index) == nil else { throw corrupt(name) }
            offset += 16 + (objectSize + 7) / 8 * 8
        }
        return objects
    }

    private func corrupt(_ name: String) -> HDF5Error {
        object.error("attribute \"\(name)\": its strings do not match the file's global heap (corrupt file)")
    }

    private func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    private func le32(_ b: [UInt8], _ i: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[i + $1]) << (8 * $1) } }
    private func le64(_ b: [UInt8], _ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[i + $1]) << (8 * $1) } }
}

/// The bytes of an open file, for ``HDF5GlobalHeapGuard``: the in-memory image, or the file on disk.
final class HDF5RawBytes: @unchecked Sendable {
    private let image: [UInt8]?
    private let path: String?
    /// Where the superblock (HDF5's signature) is: addresses in the file count from there.
    private(set) var base = 0

    init(image: [UInt8]? = nil, path: String? = nil) {
        self.image = image
        self.path = path
        let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
        var offset = 0
        while let s = read(offset, 8) {
            if s == signature { base = offset; break }
            offset = offset == 0 ? 512 : offset * 2
        }
    }

    /// `count` bytes at `offset`, or nil if they are not all in the file.
    func read(_ offset: Int, _ count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, offset <= Int.max - count else { return nil }
        if let image {
            return offset + count <= image.count ? Array(image[offset..<(offset + count)]) : nil
        }
        guard let path, let handle = fopen(path, "rb") else { return nil }
        defer { fclose(handle) }
        guard fseeko(handle, off_t(offset), SEEK_SET) == 0 else { return nil }
        var out = [UInt8](repeating: 0, count: count)
        let got = out.withUnsafeMutableBytes { fread($0.baseAddress, 1, count, handle) }
        return got == count ? out : nil
    }
}
