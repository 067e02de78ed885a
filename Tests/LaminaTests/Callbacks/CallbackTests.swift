import Foundation
import Lamina
import Testing

@Suite struct CallbackTests {
    @Test func earlyStoppingStopsAfterPatienceAndRestoresBestWeights() throws {
        let (x, y) = Separable.data()
        let model = try Separable.model()
        // minDelta 100 on the loss: only the first epoch counts as an improvement.
        var afterFirst: [Tensor] = []
        let snap = LambdaCallback(onEpochEnd: { e, _ in if e == 0 { afterFirst = model.getWeights() } })
        let out = Captured()
        let stop = EarlyStopping(monitor: "loss", minDelta: 100, patience: 2, verbose: 1, restoreBestWeights: true)
        stop.sink = out.sink
        let h = try model.fit(x, y, batchSize: 20, epochs: 10, verbose: 0, callbacks: [snap, stop])
        #expect(h.epoch == [0, 1, 2])
        #expect(stop.stoppedEpoch == 2 && stop.bestEpoch == 0)
        #expect(sameWeights(model.getWeights(), afterFirst))
        #expect(out.text == "Epoch 3: early stopping\nRestoring model weights from the end of the best epoch: 1.\n")
    }

    @Test func earlyStoppingMatchesKerasRuleOnValidationLoss() throws {
        let (x, y) = Separable.data(240)
        let model = try Separable.model(learningRate: 2)
        let stop = EarlyStopping(monitor: "val_loss", minDelta: 0.01, patience: 2)
        let h = try model.fit(x, y, batchSize: 16, epochs: 40, verbose: 0, callbacks: [stop], validationSplit: 0.25)
        // Replay Keras's rule on the recorded values.
        let v = try #require(h.history["val_loss"])
        var best = Float.infinity, wait = 0, expectedStop: Int?
        for (e, cur) in v.enumerated() {
            wait += 1
            if cur - (-0.01) < best || best == .infinity { best = cur; wait = 0; continue }
            if wait >= 2 && e > 0 { expectedStop = e; break }
        }
        #expect(expectedStop != nil, "the run should stop early")
        #expect(h.epoch.count == (expectedStop.map { $0 + 1 } ?? 40))
        #expect(stop.stoppedEpoch == (expectedStop ?? 0))
    }

    @Test func earlyStoppingAutoModeNeedsAKnownDirection() throws {
        let (x, y) = Separable.data(40)
        let model = try Separable.model()
        #expect(throws: LaminaError.self) {
            try model.fit(x, y, epochs: 2, verbose: 0, callbacks: [EarlyStopping(monitor: "mystery")])
        }
        let maxMode = EarlyStopping(monitor: "accuracy", patience: 100)
        try model.fit(x, y, epochs: 2, verbose: 0, callbacks: [maxMode])
        #expect(maxMode.best != nil)
    }

    @Test func reduceLROnPlateauLowersTheRateAfterPatience() throws {
        let (x, y) = Separable.data()
        let model = try Separable.model(learningRate: 0.1)
        let out = Captured()
        let reduce = try ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 2, verbose: 1, minDelta: 100)
        reduce.sink = out.sink
        let h = try model.fit(x, y, batchSize: 50, epochs: 5, verbose: 0, callbacks: [reduce])
        let lrs = try #require(h.history["learning_rate"])
        #expect(lrs == [0.1, 0.1, 0.1, 0.05, 0.05])
        #expect(model.compiled?.optimizer.currentLearningRate == 0.025)
        #expect(out.text.contains("\nEpoch 3: ReduceLROnPlateau reducing learning rate to 0.05000000074505806.\n"))
        #expect(throws: LaminaError.self) { try ReduceLROnPlateau(factor: 1.5) }
    }

    @Test func reduceLROnPlateauRespectsCooldownAndMinLR() throws {
        let (x, y) = Separable.data(60)
        let model = try Separable.model(learningRate: 0.1)
        let reduce = try ReduceLROnPlateau(monitor: "loss", factor: 0.1, patience: 1, minDelta: 100, cooldown: 1, minLR: 0.005)
        let h = try model.fit(x, y, batchSize: 60, epochs: 6, verbose: 0, callbacks: [reduce])
        // e0 best; e1 reduce → 0.01 (cooldown 1); e2 the cooldown ends first (Keras decrements
        // before testing), so it reduces again → max(0.001, 0.005); then the rate stays at minLR.
        let lrs = try #require(h.history["learning_rate"]).map { ($0 * 1e4).rounded() / 1e4 }
        #expect(lrs == [0.1, 0.1, 0.01, 0.005, 0.005, 0.005])
    }

    @Test func learningRateSchedulerSetsTheRateEachEpoch() throws {
        let (x, y) = Separable.data(60)
        let model = try Separable.model(learningRate: 0.3)
        var seen: [Float] = []
        let sched = LearningRateScheduler(schedule: { epoch, lr in epoch == 0 ? 0.1 : lr * 0.5 })
        let probe = LambdaCallback(onEpochBegin: { _, _ in seen.append(model.compiled!.optimizer.currentLearningRate) })
        let h = try model.fit(x, y, batchSize: 30, epochs: 3, verbose: 0, callbacks: [sched, probe])
        #expect(seen == [0.1, 0.05, 0.025])
        #expect(h.history["learning_rate"] == [0.1, 0.05, 0.025])
    }

    @Test func csvLoggerWritesKerasRows() throws {
        let dir = temporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/log.csv"
        let (x, y) = Separable.data(80)
        let model = try Separable.model()
        let h = try model.fit(x, y, batchSize: 20, epochs: 3, verbose: 0, callbacks: [CSVLogger(filename: path)], validationSplit: 0.25)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.count == 5 && lines[4].isEmpty)
        #expect(lines[0] == "epoch,accuracy,loss,val_accuracy,val_loss")
        for e in 0..<3 {
            let fields = lines[e + 1].split(separator: ",").map(String.init)
            #expect(fields[0] == String(e))
            for (i, key) in ["accuracy", "loss", "val_accuracy", "val_loss"].enumerated() {
                #expect(Float(fields[i + 1]) == h.history[key]![e])
            }
        }
        // Appending: no second header.
        try model.fit(x, y, batchSize: 20, epochs: 1, verbose: 0, callbacks: [CSVLogger(filename: path, separator: ";", append: true)],
                      validationSplit: 0.25)
        let appended = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(appended.count == 6 && appended[4].hasPrefix("0;"))
    }

    @Test func terminateOnNaNStopsAtTheFirstInvalidLoss() throws {
        var (x, y) = Separable.data(100)
        var values = x.scalars()
        values[50] = .nan  // sample 25: the second batch of 20
        x = Tensor(values, shape: [100, 2])
        let model = try Separable.model()
        let out = Captured()
        let t = TerminateOnNaN()
        t.sink = out.sink
        let h = try model.fit(x, y, batchSize: 20, epochs: 5, verbose: 0, callbacks: [t], shuffle: false)
        #expect(h.epoch == [0])
        #expect(t.terminatedAt == 1)
        #expect(h.history["loss"]!.first!.isNaN)
        #expect(out.text == "Batch 1: Invalid loss, terminating training\n")
        _ = y
    }

    @Test func modelCheckpointSavesOnlyOnImprovement() throws {
        let dir = temporaryDirectory("ckpt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (x, y) = Separable.data(120)
        let model = try Separable.model(learningRate: 3)
        let ckpt = try ModelCheckpoint(filepath: dir + "/sub/w-{epoch:02d}-{val_loss:.2f}.safetensors", saveBestOnly: true, saveWeightsOnly: true)
        let h = try model.fit(x, y, batchSize: 10, epochs: 8, verbose: 0, callbacks: [ckpt], validationSplit: 0.25)
        var best = Float.infinity
        var expected: [String] = []
        for (e, v) in h.history["val_loss"]!.enumerated() where v < best {
            best = v
            expected.append(String(format: "w-%02d-%.2f.safetensors", e + 1, Double(v)))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/sub").sorted()
        #expect(files == expected.sorted())
        #expect(ckpt.best == best)
        // The last file written holds the best weights.
        let fresh = try Separable.model(seed: 99)
        try fresh.loadWeights(from: dir + "/sub/" + expected.last!)
        #expect(fresh.countParams() == 6)
        #expect(throws: LaminaError.self) { try ModelCheckpoint(filepath: "w.h5", saveWeightsOnly: true) }
        #expect(throws: LaminaError.self) { try ModelCheckpoint(filepath: "model.bin") }
    }

    @Test func modelCheckpointEveryEpochWithVerboseMessage() throws {
        let dir = temporaryDirectory("ckpt2")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (x, y) = Separable.data(40)
        let model = try Separable.model()
        let out = Captured()
        let ckpt = try ModelCheckpoint(filepath: dir + "/m-{epoch}.lamina", verbose: 1)
        ckpt.sink = out.sink
        try model.fit(x, y, batchSize: 20, epochs: 2, verbose: 0, callbacks: [ckpt])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["m-1.lamina", "m-2.lamina"])
        #expect(out.text == "\nEpoch 1: saving model to \(dir)/m-1.lamina\n\nEpoch 2: saving model to \(dir)/m-2.lamina\n")
    }

    @Test func backupAndRestoreResumesAfterAnInterruption() throws {
        let dir = temporaryDirectory("backup") + "/backup"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (x, y) = Separable.data(60)
        let model = try Separable.model()
        var atEndOfEpoch1: [Tensor] = []
        let crash = LambdaCallback(onEpochBegin: { e, _ in if e == 2 { throw Interrupted() } },
                                   onEpochEnd: { e, _ in if e == 1 { atEndOfEpoch1 = model.getWeights() } })
        #expect(throws: Interrupted.self) {
            try model.fit(x, y, batchSize: 20, epochs: 5, verbose: 0, callbacks: [BackupAndRestore(backupDir: dir), crash])
        }
        let meta = try String(contentsOfFile: dir + "/training_metadata.json", encoding: .utf8)
        #expect(meta.contains("\"epoch\": 2"))
        // Disturb the weights: the restore must bring back the backup.
        try model.setWeights(model.getWeights().map { $0.zerosLike() })
        var begun: [Int] = []
        var restored = false
        let probe = LambdaCallback(onEpochBegin: { e, _ in begun.append(e) },
                                   onTrainBegin: { _ in restored = sameWeights(model.getWeights(), atEndOfEpoch1) })
        let h = try model.fit(x, y, batchSize: 20, epochs: 5, verbose: 0, callbacks: [BackupAndRestore(backupDir: dir), probe])
        #expect(restored)
        #expect(begun == [2, 3, 4])
        #expect(h.epoch == [2, 3, 4])
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    @Test func lambdaCallbackSeesEveryHook() throws {
        let (x, y) = Separable.data(40)
        let model = try Separable.model()
        var events: [String] = []
        let cb = LambdaCallback(onEpochBegin: { e, _ in events.append("eb\(e)") }, onEpochEnd: { e, l in events.append("ee\(e):\(l["loss"] != nil)") },
                                onTrainBegin: { _ in events.append("tb") }, onTrainEnd: { _ in events.append("te") },
                                onTrainBatchBegin: { b, _ in events.append("bb\(b)") }, onTrainBatchEnd: { b, _ in events.append("be\(b)") })
        try model.fit(x, y, batchSize: 20, epochs: 2, verbose: 0, callbacks: [cb])
        #expect(events == ["tb", "eb0", "bb0", "be0", "bb1", "be1", "ee0:true", "eb1", "bb0", "be0", "bb1", "be1", "ee1:true", "te"])
    }
}
