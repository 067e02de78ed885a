import Foundation

/// Makes training resumable after an interruption (Keras `BackupAndRestore`).
///
/// At the end of every epoch the weights are saved to `<backupDir>/latest.safetensors` and the
/// number of completed epochs to `<backupDir>/training_metadata.json`. When `fit` starts and a
/// backup exists (the previous run was interrupted), the weights are loaded and training resumes
/// at the first epoch not completed. After a `fit` that ends normally the backup directory is
/// deleted (unless `deleteCheckpoint` is false). The model must be built before `fit`.
public final class BackupAndRestore: Callback {
    public let backupDir: String
    public let deleteCheckpoint: Bool
    var restoredEpoch: Int?
    var currentEpoch = 0

    public init(backupDir: String, deleteCheckpoint: Bool = true) {
        self.backupDir = backupDir
        self.deleteCheckpoint = deleteCheckpoint
    }

    var weightsPath: String { (backupDir as NSString).appendingPathComponent("latest.safetensors") }
    var metadataPath: String { (backupDir as NSString).appendingPathComponent("training_metadata.json") }

    /// The epoch to resume from, after ``onTrainBegin(logs:)`` found a backup.
    public override var resumeEpoch: Int? { restoredEpoch }

    public override func onTrainBegin(logs: [String: Float]) throws {
        restoredEpoch = nil
        guard let model else { return }
        guard model.isBuilt else {
            throw LaminaError.value("To use the BackupAndRestore callback, you model must be built before you call `fit()`. "
                + "Model \(model.name) is unbuilt. You can build it beforehand by calling it on a batch of data.")
        }
        guard FileManager.default.fileExists(atPath: weightsPath) else { return }
        try model.loadWeights(from: weightsPath)
        let data = try Data(contentsOf: URL(fileURLWithPath: metadataPath))
        let json = try JSONDecoder().decode(JSONValue.self, from: data)
        guard let epoch = json["epoch"]?.int else {
            throw LaminaError.value("BackupAndRestore: \(metadataPath) has no \"epoch\"")
        }
        restoredEpoch = epoch
    }

    public override func onEpochEnd(_ epoch: Int, logs: [String: Float]) throws {
        currentEpoch = epoch + 1
        let fm = FileManager.default
        if !fm.fileExists(atPath: backupDir) { try fm.createDirectory(atPath: backupDir, withIntermediateDirectories: true) }
        try model?.saveWeights(to: weightsPath)
        let meta = "{\"epoch\": \(currentEpoch), \"batch\": 0}"
        try Data(meta.utf8).write(to: URL(fileURLWithPath: metadataPath), options: .atomic)
    }

    public override func onTrainEnd(logs: [String: Float]) throws {
        restoredEpoch = nil
        if deleteCheckpoint && FileManager.default.fileExists(atPath: backupDir) {
            try FileManager.default.removeItem(atPath: backupDir)
        }
    }
}
