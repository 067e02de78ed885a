import LaminaCore

/// A per-sample transform for ``Dataset/map(_:)-(T)``: `Input` → `Output`, possibly random.
///
/// Random transforms draw from `context.generator(seed:)` so their output depends only on their
/// seed, the epoch and the sample's index (not on worker threads or order).
public protocol Transform: Sendable {
    associatedtype Input: Sendable
    associatedtype Output: Sendable
    /// Transforms one sample.
    /// - Throws: ``DataError`` if the input cannot be transformed (wrong shape, too small).
    func apply(_ input: Input, context: SampleContext) throws -> Output
}

/// Namespace of the data-pipeline transforms (torchvision-style, channels-last):
/// ``Resize``, ``CenterCrop``, ``RandomCrop``, ``RandomHorizontalFlip``, ``ToTensor``, ``Normalize``.
/// (The Keras preprocessing *layers* of the same names live in `Lamina`.)
public enum Transforms {}
