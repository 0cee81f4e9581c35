// Export formats (core/transfer/itemwriter): items written as their text (key order, number
// text), a JSON array that parses back to the same elements, CSV columns in first-seen key
// order with strings unquoted and other values as JSON, and later keys reported.

#include <itemwriter.h>
#include <jsontext.h>

#include <QBuffer>
#include <QtTest>

using namespace Cosmos;

class tst_ItemWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonLinesAndArray();
    void emptyArray();
    void csv();
};

static const QList<QByteArray> items{
    "{\"id\":\"b\",\"z\":1.50,\"a\":{\"y\":1,\"x\":2}}",
    "{\"id\":\"a\",\"w\":\"x, \\\"q\\\"\",\"z\":10000000000000000001}",
};

void tst_ItemWriter::jsonLinesAndArray()
{
    QBuffer lines;
    QVERIFY(lines.open(QIODevice::WriteOnly));
    ItemWriter jsonl(&lines, ItemWriter::Format::JsonLines);
    QVERIFY(jsonl.write(items.mid(0, 1)) && jsonl.write(items.mid(1)) && jsonl.finish());
    QCOMPARE(lines.data(), items.at(0) + '\n' + items.at(1) + '\n');

    QBuffer array;
    QVERIFY(array.open(QIODevice::WriteOnly));
    ItemWriter json(&array, ItemWriter::Format::JsonArray);
    QVERIFY(json.write(items) && json.finish());
    QList<QByteArray> elements;
    QVERIFY(JsonText::arrayElements(array.data(), &elements));
    QCOMPARE(elements, items);
    QCOMPARE(json.count(), 2);
}

void tst_ItemWriter::emptyArray()
{
    QBuffer array;
    QVERIFY(array.open(QIODevice::WriteOnly));
    ItemWriter json(&array, ItemWriter::Format::JsonArray);
    QVERIFY(json.write({}) && json.finish());
    QCOMPARE(array.data(), QByteArray("[]\n"));
}

void tst_ItemWriter::csv()
{
    QBuffer out;
    QVERIFY(out.open(QIODevice::WriteOnly));
    ItemWriter csv(&out, ItemWriter::Format::Csv);
    QVERIFY(csv.write(items));
    QVERIFY(csv.write({"{\"id\":\"c\",\"late\":true}"}));
    QVERIFY(csv.finish());
    QCOMPARE(csv.columns(), (QList<QByteArray>{"id", "z", "a", "w"}));
    QCOMPARE(out.data(), QByteArray("id,z,a,w\r\n"
                                    "b,1.50,\"{\"\"y\"\":1,\"\"x\"\":2}\",\r\n"
                                    "a,10000000000000000001,,\"x, \"\"q\"\"\"\r\n"
                                    "c,,,\r\n"));
    QCOMPARE(csv.extraKey(), QByteArray("late"));
}

QTEST_GUILESS_MAIN(tst_ItemWriter)
#include "tst_itemwriter.moc"
