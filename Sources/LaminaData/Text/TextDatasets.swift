import LaminaCore

extension Datasets {
    /// The SMS Spam Collection v.1 (`Data/text/sms-spam-collection/`): 5,574 messages from the
    /// file `SMSSpamCollection` (`label<TAB>message` per line, no header, no quoting), with labels
    /// `ham` = 0 (4,827) and `spam` = 1 (747), as int32 `[N]`.
    public static func smsSpam(directory: String) throws -> (texts: [String], labels: Tensor) {
        let data = try LabelledText.read(directory + "/SMSSpamCollection", separator: "\t", textColumn: 1, labelColumn: 0,
                                         quoting: false, classNames: ["ham", "spam"])
        return (data.texts, data.labelTensor)
    }

    /// The three files of the UCI Sentiment Labelled Sentences.
    public enum SentimentSource: String, CaseIterable, Sendable {
        case amazon = "amazon_cells_labelled.txt"
        case imdb = "imdb_labelled.txt"
        case yelp = "yelp_labelled.txt"
    }

    /// Sentiment Labelled Sentences (`Data/text/sentiment-labelled-sentences/`): 1,000 review
    /// sentences per source (`sentence<TAB>0|1` per line, no header, no quoting), concatenated in
    /// the order of `sources`; labels 0 negative, 1 positive, int32 `[N]`. Texts keep their
    /// original spacing (the IMDB lines end in two spaces).
    public static func sentiment(directory: String, sources: [SentimentSource] = SentimentSource.allCases) throws -> (texts: [String], labels: Tensor) {
        var texts: [String] = [], labels: [Int32] = []
        for s in sources {
            let part = try LabelledText.read(directory + "/" + s.rawValue, separator: "\t", textColumn: 0, labelColumn: 1,
                                             quoting: false, classNames: ["0", "1"])
            texts += part.texts
            labels += part.labels
        }
        return (texts, Tensor(labels, shape: [labels.count]))
    }
}
