import LaminaHDF5

/// Every dataset under `group` with its shape, by path (`layers/dense/vars/0`).
func datasetShapes(_ group: HDF5Group, prefix: String = "") throws -> [String: [Int]] {
    var out: [String: [Int]] = [:]
    for name in try group.memberNames() {
        let path = prefix.isEmpty ? name : prefix + "/" + name
        switch try group.kind(of: name) {
        case .group?: out.merge(try datasetShapes(try group.group(name), prefix: path)) { a, _ in a }
        case .dataset?: out[path] = try group.dataset(name).shape
        default: break
        }
    }
    return out
}

/// Every group under `group` that has a `name` attribute, with that attribute.
func groupNames(_ group: HDF5Group, prefix: String = "") throws -> [String: String] {
    var out: [String: String] = [:]
    for name in try group.memberNames() where try group.kind(of: name) == .group {
        let child = try group.group(name)
        let path = prefix.isEmpty ? name : prefix + "/" + name
        if try child.hasAttribute("name") { out[path] = try child.stringAttribute("name") }
        out.merge(try groupNames(child, prefix: path)) { a, _ in a }
    }
    return out
}
