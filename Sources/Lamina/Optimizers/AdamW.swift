/// Adam with decoupled weight decay (`keras.optimizers.AdamW`): Adam's step after
/// `w -= w·weightDecay·lr`, with `weightDecay` 0.004 by default.
public final class AdamW: Adam {
    public init(learningRate: LearningRate = 0.001, weightDecay: Float = 0.004, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-7, amsgrad: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, name: String = "adam_w") {
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad,
                   weightDecay: weightDecay, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, name: name)
    }

    public override var className: String { "AdamW" }
}
