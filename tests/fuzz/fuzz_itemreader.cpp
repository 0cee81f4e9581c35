// ItemReader (import: JSON Lines or a JSON array) and checkItemText.
//
// The input is the file. It is read three times: from a QBuffer (whole), and from a sequential
// device that hands out 1 byte and then a few bytes per read() (like a pipe), so that every
// refill path of the reader runs. Invariants:
//  - the three reads give the same items, the same format and the same fatal error;
//  - it ends (at most one item per input byte, plus one); next() stays false once it returned
//    false;
//  - JSON Lines: item numbers are line numbers, strictly increasing, the text has no newline;
//    JSON array: numbers go 1, 2, 3…;
//  - each item's text appears verbatim in the input; an item without error is a JSON object;
//  - a valid JSON array (per JsonText) is read to a clean end, element for element.

#include "fuzzsupport.h"

#include <itemreader.h>
#include <jsontext.h>

#include <QBuffer>

using namespace Cosmos;

namespace {

/// A sequential device that returns at most `chunk` bytes per read, like a pipe.
class ChunkedDevice : public QIODevice
{
public:
    ChunkedDevice(const QByteArray &data, qint64 chunk)
        : m_data(data)
        , m_chunk(chunk)
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *out, qint64 max) override
    {
        const qint64 n = qMin(qMin(max, m_chunk), qint64(m_data.size()) - m_pos);
        if (n <= 0)
            return -1;
        memcpy(out, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
    qint64 m_chunk;
};

struct Result
{
    QList<InputItem> items;
    ItemReader::Format format = ItemReader::Format::Unknown;
    QString fatal;
    bool atEnd = false;
};

bool sameItem(const InputItem &a, const InputItem &b)
{
    return a.number == b.number && a.line == b.line && a.text == b.text && a.error == b.error;
}

Result readAll(QIODevice *device, const QByteArray &input)
{
    Result r;
    ItemReader reader(device);
    InputItem item;
    qint64 previous = 0;
    while (reader.next(&item)) {
        FUZZ_CHECK(r.items.size() <= input.size()); // no endless items
        FUZZ_CHECK(item.number > previous);
        FUZZ_CHECK(item.line >= 1);
        if (reader.format() == ItemReader::Format::JsonArray) {
            FUZZ_CHECK(item.number == previous + 1);
        } else {
            FUZZ_CHECK(reader.format() == ItemReader::Format::JsonLines);
            FUZZ_CHECK(item.number == item.line);
            FUZZ_CHECK(!item.text.contains('\n'));
            FUZZ_CHECK(!item.text.trimmed().isEmpty());
        }
        previous = item.number;
        FUZZ_CHECK(input.contains(item.text));
        if (item.error.isEmpty()) {
            FUZZ_CHECK(checkItemText(item.text).isEmpty());
            FUZZ_CHECK(!JsonText::check(item.text).isError());
            FUZZ_CHECK(JsonText::compact(item.text).startsWith('{'));
        }
        r.items << item;
        item = InputItem();
    }
    FUZZ_CHECK(!reader.next(&item));
    FUZZ_CHECK(!reader.next(&item));
    r.format = reader.format();
    r.fatal = reader.fatalError();
    r.atEnd = reader.atEnd();
    FUZZ_CHECK(r.atEnd == r.fatal.isEmpty());
    return r;
}

void checkSame(const Result &a, const Result &b)
{
    FUZZ_CHECK(a.format == b.format);
    FUZZ_CHECK(a.fatal == b.fatal);
    FUZZ_CHECK(a.atEnd == b.atEnd);
    FUZZ_CHECK(a.items.size() == b.items.size());
    for (qsizetype i = 0; i < a.items.size(); ++i)
        FUZZ_CHECK(sameItem(a.items.at(i), b.items.at(i)));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);

    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    const Result whole = readAll(&buffer, input);

    ChunkedDevice bytewise(input, 1);
    checkSame(whole, readAll(&bytewise, input));
    ChunkedDevice chunked(input, 2 + qint64(size % 7));
    checkSame(whole, readAll(&chunked, input));

    // A valid JSON array (what JsonText accepts) is read whole, element for element.
    QByteArray text = input;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3);
    QList<QByteArray> elements;
    if (text.trimmed().startsWith('[') && JsonText::arrayElements(text, &elements)) {
        if (!whole.atEnd || whole.format != ItemReader::Format::JsonArray
            || whole.items.size() != elements.size()) {
            std::fprintf(stderr, "valid array: format %d, fatal \"%s\", %lld items, %lld elements\n",
                         int(whole.format), qPrintable(whole.fatal),
                         (long long)whole.items.size(), (long long)elements.size());
        }
        FUZZ_CHECK(whole.format == ItemReader::Format::JsonArray);
        FUZZ_CHECK(whole.atEnd);
        FUZZ_CHECK(whole.items.size() == elements.size());
        for (qsizetype i = 0; i < elements.size(); ++i)
            FUZZ_CHECK(JsonText::compact(whole.items.at(i).text) == elements.at(i));
    }
    return 0;
}
