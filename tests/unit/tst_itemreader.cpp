#include <itemreader.h>

#include <QBuffer>
#include <QTest>

using namespace Cosmos;

class tst_ItemReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonLines();
    void jsonArrayKeepsElementText();
    void brokenArrayStopsWithReason_data();
    void brokenArrayStopsWithReason();
    void encodingsAreNamed_data();
    void encodingsAreNamed();
    void largeInputStreams();
};

static QList<InputItem> readAll(const QByteArray &input, QString *fatal = nullptr,
                                ItemReader::Format *format = nullptr)
{
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    ItemReader reader(&buffer);
    QList<InputItem> items;
    InputItem item;
    while (reader.next(&item))
        items << item;
    if (fatal)
        *fatal = reader.fatalError();
    if (format)
        *format = reader.format();
    return items;
}

void tst_ItemReader::jsonLines()
{
    QString fatal;
    ItemReader::Format format;
    const QList<InputItem> items = readAll("\xEF\xBB\xBF{\"id\":\"a\",\"n\":9007199254740993}\r\n"
                                           "\n"
                                           "  \n"
                                           "{\"id\":\"b\" \"x\":1}\n"
                                           "[1]\n"
                                           "{\"id\":\"c\"}",
                                           &fatal, &format);
    QCOMPARE(format, ItemReader::Format::JsonLines);
    QVERIFY(fatal.isEmpty());
    QCOMPARE(items.size(), 4);
    QCOMPARE(items.at(0).line, 1);
    QCOMPARE(items.at(0).text, QByteArray("{\"id\":\"a\",\"n\":9007199254740993}"));
    QVERIFY(items.at(0).error.isEmpty());
    QCOMPARE(items.at(1).line, 4);
    QVERIFY2(items.at(1).error.contains(QStringLiteral("line 1, column 11")), qPrintable(items.at(1).error));
    QCOMPARE(items.at(2).error, QStringLiteral("not a JSON object"));
    QCOMPARE(items.at(3).line, 6);
    QVERIFY(items.at(3).error.isEmpty());
}

void tst_ItemReader::jsonArrayKeepsElementText()
{
    QString fatal;
    ItemReader::Format format;
    const QList<InputItem> items = readAll("  [\n  {\"z\": 1,\n   \"a\": \"x,]}\\\"\"},\n"
                                           "  {\"id\": \"b\", \"n\": [1, {\"k\": 2}]} ,\n"
                                           "  7,\n  {\"id\": \"c\"}\n]\n",
                                           &fatal, &format);
    QCOMPARE(format, ItemReader::Format::JsonArray);
    QVERIFY2(fatal.isEmpty(), qPrintable(fatal));
    QCOMPARE(items.size(), 4);
    QCOMPARE(items.at(0).text, QByteArray("{\"z\": 1,\n   \"a\": \"x,]}\\\"\"}"));
    QCOMPARE(items.at(0).line, 2);
    QCOMPARE(items.at(0).number, 1);
    QVERIFY(items.at(0).error.isEmpty());
    QCOMPARE(items.at(1).text, QByteArray("{\"id\": \"b\", \"n\": [1, {\"k\": 2}]}"));
    QCOMPARE(items.at(1).line, 4);
    QCOMPARE(items.at(2).error, QStringLiteral("not a JSON object"));
    QCOMPARE(items.at(3).number, 4);
    QCOMPARE(items.at(3).line, 6);
}

void tst_ItemReader::brokenArrayStopsWithReason_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("items");
    QTest::addColumn<QString>("reason");
    QTest::newRow("cut in an element") << QByteArray("[{\"id\":\"a\"},\n{\"id\":") << 1 << "cut off in element 2";
    QTest::newRow("not closed") << QByteArray("[{\"id\":\"a\"}") << 1 << "not closed";
    QTest::newRow("missing comma") << QByteArray("[{\"id\":\"a\"} {\"id\":\"b\"}]") << 1 << "Expected ','";
    QTest::newRow("trailing comma") << QByteArray("[{\"id\":\"a\"},\n]") << 1 << "trailing comma";
    QTest::newRow("text after") << QByteArray("[{\"id\":\"a\"}] x") << 1 << "after the JSON array";
}

void tst_ItemReader::brokenArrayStopsWithReason()
{
    QFETCH(QByteArray, input);
    QFETCH(int, items);
    QFETCH(QString, reason);
    QString fatal;
    QCOMPARE(readAll(input, &fatal).size(), items);
    QVERIFY2(fatal.contains(reason), qPrintable(fatal));
}

void tst_ItemReader::encodingsAreNamed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("encoding");
    const QString text = QStringLiteral("{\"id\":\"a\"}\n");
    QByteArray le("\xFF\xFE", 2);
    le += QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
    QByteArray be("\xFE\xFF", 2);
    for (QChar c : text) {
        be += char(c.unicode() >> 8);
        be += char(c.unicode() & 0xff);
    }
    QTest::newRow("utf-16le bom") << le << "UTF-16 (little-endian)";
    QTest::newRow("utf-16be bom") << be << "UTF-16 (big-endian)";
    QTest::newRow("utf-16le no bom") << le.mid(2) << "UTF-16 (little-endian, no byte order mark)";
}

void tst_ItemReader::encodingsAreNamed()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, encoding);
    QString fatal;
    QVERIFY(readAll(input, &fatal).isEmpty());
    QVERIFY2(fatal.contains(encoding), qPrintable(fatal));
    QVERIFY(fatal.contains(QStringLiteral("UTF-8")));
}

void tst_ItemReader::largeInputStreams()
{
    // Crosses many read chunks, with elements split across chunk borders.
    QByteArray lines;
    QByteArray array = "[";
    for (int i = 0; i < 20000; ++i) {
        const QByteArray item = "{\"id\":\"item-" + QByteArray::number(i) + "\",\"pad\":\""
                                + QByteArray(i % 97, 'x') + "\"}";
        lines += item + '\n';
        array += (i ? ",\n" : "") + item;
    }
    array += "]";
    QString fatal;
    const QList<InputItem> fromLines = readAll(lines, &fatal);
    QVERIFY(fatal.isEmpty());
    const QList<InputItem> fromArray = readAll(array, &fatal);
    QVERIFY(fatal.isEmpty());
    QCOMPARE(fromLines.size(), 20000);
    QCOMPARE(fromArray.size(), 20000);
    for (int i : {0, 1, 4097, 19999}) {
        QCOMPARE(fromArray.at(i).text, fromLines.at(i).text);
        QCOMPARE(fromArray.at(i).line, i + 1);
        QVERIFY(fromArray.at(i).error.isEmpty());
    }
}

QTEST_GUILESS_MAIN(tst_ItemReader)
#include "tst_itemreader.moc"
