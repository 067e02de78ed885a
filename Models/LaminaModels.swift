// LaminaModels: reference architectures (the Vision model zoo), built with Lamina's Functional API.
//
// Each architecture lives in its own file and is a function named like its Keras application
// (`ResNet50(...)`, `MobileNetV2(...)`) that returns a ``Model``. All take `inputShape`
// (channels-last, without the batch) and `classes`; those with a Keras counterpart also take
// `includeTop`, `pooling` and `classifierActivation` with Keras's meaning.
//
// | function | source |
// | --- | --- |
// | `SimpleCNN` | the seed CNN: Conv2D(32, 3) → MaxPooling2D → Flatten → Dense(128) → Dense(classes) |
// | `VGG11`, `VGG16` | Simonyan & Zisserman 2015, configurations A and D; `keras.applications.VGG16` |
// | `ResNet20`, `ResNet56`, `CIFARResNet` | He et al. 2016, §4.2 (CIFAR-10), option B shortcuts |
// | `ResNet18` | He et al. 2016, Table 1 (18-layer, basic blocks) |
// | `ResNet50` | He et al. 2016, Table 1 (50-layer, bottlenecks); `keras.applications.ResNet50` |
// | `MobileNet` | Howard et al. 2017; `keras.applications.MobileNet` |
// | `MobileNetV2` | Sandler et al. 2018; `keras.applications.MobileNetV2` |
// | `InceptionV3` | Szegedy et al. 2016; `keras.applications.InceptionV3` |
// | `SmallInception` | Zhang et al. 2017 (Understanding deep learning requires rethinking generalization), Fig. 3 |
@_exported import Lamina
