// LaminaModels: reference architectures, added by the Vision and Sequences work.
