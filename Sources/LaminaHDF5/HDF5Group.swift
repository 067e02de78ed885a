import CHDF5

/// What a member of a group is.
public enum HDF5ObjectKind: Equatable, Sendable {
    case group, dataset, other
}

/// A group: named members (groups and datasets) and attributes.
public final class HDF5Group: HDF5Object, @unchecked Sendable {
    /// The names of the members, in HDF5's name order (h5py's `keys()`).
    public func memberNames() throws -> [String] {
        try HDF5Library.locked {
            var info = H5G_info_t()
            guard H5Gget_info(id, &info) >= 0 else { throw failure("cannot list the group's members") }
            guard info.nlinks <= 1 << 24 else { throw error("the group claims \(info.nlinks) members (corrupt?)") }
            var names: [String] = []
            for i in 0..<info.nlinks {
                let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, hid_t(H5P_DEFAULT))
                guard length >= 0, length < 1 << 16 else { throw failure("cannot read the name of member \(i)") }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                guard H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, hid_t(H5P_DEFAULT)) >= 0 else {
                    throw failure("cannot read the name of member \(i)")
                }
                names.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            return names
        }
    }

    /// What the member `name` is, or nil if there is none.
    public func kind(of name: String) throws -> HDF5ObjectKind? {
        try checkName(name, "member")
        return try HDF5Library.locked {
            let exists = H5Lexists(id, name, hid_t(H5P_DEFAULT))
            guard exists >= 0 else { throw failure("cannot look up member \"\(name)\"", child: name) }
            if exists == 0 { return nil }
            let object = H5Oopen(id, name, hid_t(H5P_DEFAULT))
            guard object >= 0 else { throw failure("cannot open member \"\(name)\"", child: name) }
            defer { HDF5Library.close(object) }
            switch H5Iget_type(object) {
            case H5I_GROUP: return .group
            case H5I_DATASET: return .dataset
            default: return .other
            }
        }
    }

    /// The subgroup `name`; throws naming the path if it is missing or not a group.
    public func group(_ name: String) throws -> HDF5Group {
        guard let g = try groupIfPresent(name) else { throw error("missing group", child: name) }
        return g
    }

    /// The subgroup `name`, nil if there is no such member; throws if it is not a group.
    public func groupIfPresent(_ name: String) throws -> HDF5Group? {
        switch try kind(of: name) {
        case nil: return nil
        case .group?:
            return try HDF5Library.locked {
                let g = H5Gopen2(id, name, hid_t(H5P_DEFAULT))
                guard g >= 0 else { throw failure("cannot open group", child: name) }
                return HDF5Group(file: file, id: g, path: childPath(name))
            }
        default: throw error("expected a group, found a dataset", child: name)
        }
    }

    /// Creates the subgroup `name` (it must not exist).
    @discardableResult
    public func createGroup(_ name: String) throws -> HDF5Group {
        try checkName(name, "group")
        return try HDF5Library.locked {
            let g = H5Gcreate2(id, name, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
            guard g >= 0 else { throw failure("cannot create group", child: name) }
            return HDF5Group(file: file, id: g, path: childPath(name))
        }
    }

    /// The subgroup `name`, created if missing.
    public func groupCreatingIfNeeded(_ name: String) throws -> HDF5Group {
        try groupIfPresent(name) ?? createGroup(name)
    }

    /// The dataset `name`; throws naming the path if it is missing or not a dataset.
    public func dataset(_ name: String) throws -> HDF5Dataset {
        switch try kind(of: name) {
        case nil: throw error("missing dataset", child: name)
        case .dataset?:
            return try HDF5Library.locked {
                let d = H5Dopen2(id, name, hid_t(H5P_DEFAULT))
                guard d >= 0 else { throw failure("cannot open dataset", child: name) }
                return try HDF5Dataset(file: file, opened: d, path: childPath(name))
            }
        default: throw error("expected a dataset, found a group", child: name)
        }
    }
}
