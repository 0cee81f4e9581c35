// CSV import records (core/transfer/csvreader): quoting, line breaks inside quotes, value
// typing with number text kept, ids always strings, records of the wrong width, and the raw
// record kept for the rejects file.

#include <csvreader.h>
#include <jsontext.h>

#include <QBuffer>
#include <QtTest>

using namespace Cosmos;

class tst_CsvReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fields_data();
    void fields();
    void records();
    void unclosedQuote();
};

void tst_CsvReader::fields_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("number text kept") << QByteArray("p") << QByteArray("12.50")
                                      << QByteArray("12.50");
    QTest::newRow("exponent") << QByteArray("p") << QByteArray("-1e+3") << QByteArray("-1e+3");
    QTest::newRow("leading zero is text") << QByteArray("p") << QByteArray("007")
                                          << QByteArray("\"007\"");
    QTest::newRow("id is a string") << QByteArray("id") << QByteArray("42")
                                    << QByteArray("\"42\"");
    QTest::newRow("bool") << QByteArray("b") << QByteArray("true") << QByteArray("true");
    QTest::newRow("array") << QByteArray("t") << QByteArray("[1,\"a\"]")
                           << QByteArray("[1,\"a\"]");
    QTest::newRow("not json") << QByteArray("t") << QByteArray("{x}")
                              << QByteArray("\"{x}\"");
    QTest::newRow("escapes") << QByteArray("s") << QByteArray("a\"b\\c\nd")
                             << QByteArray("\"a\\\"b\\\\c\\nd\"");
    QTest::newRow("empty") << QByteArray("s") << QByteArray() << QByteArray();
}

void tst_CsvReader::fields()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, json);
    QCOMPARE(CsvReader::fieldToJson(key, field), json);
}

void tst_CsvReader::records()
{
    QByteArray csv = "\xEF\xBB\xBFid,name,n\r\n"
                     "a,\"Smith, \"\"J\"\"\",1.0\r\n"
                     "\r\n"
                     "b,\"two\nlines\",\n"
                     "c,short\n"
                     "d,last,3";
    QBuffer buffer(&csv);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(&buffer);
    InputItem item;
    QVERIFY(reader.next(&item));
    QCOMPARE(item.text, QByteArray("{\"id\":\"a\",\"name\":\"Smith, \\\"J\\\"\",\"n\":1.0}"));
    QCOMPARE(item.line, 2);
    QVERIFY(item.error.isEmpty());
    QVERIFY(reader.next(&item)); // the blank line is skipped
    QCOMPARE(item.text, QByteArray("{\"id\":\"b\",\"name\":\"two\\nlines\"}"));
    QCOMPARE(item.line, 4);
    QVERIFY(reader.next(&item));
    QCOMPARE(item.line, 6);
    QCOMPARE(item.source, QByteArray("c,short"));
    QCOMPARE(item.error, QStringLiteral("2 fields where the header has 3"));
    QVERIFY(reader.next(&item));
    QCOMPARE(item.text, QByteArray("{\"id\":\"d\",\"name\":\"last\",\"n\":3}"));
    QCOMPARE(item.number, 4);
    QVERIFY(!reader.next(&item));
    QVERIFY(reader.fatalError().isEmpty());
    QCOMPARE(reader.headerLine(), QByteArray("id,name,n"));
}

void tst_CsvReader::unclosedQuote()
{
    QByteArray csv = "id,v\nx,\"open\n";
    QBuffer buffer(&csv);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(&buffer);
    InputItem item;
    reader.next(&item);
    QVERIFY(!reader.next(&item));
    QVERIFY2(reader.fatalError().contains(QStringLiteral("not closed")),
             qPrintable(reader.fatalError()));
}

QTEST_GUILESS_MAIN(tst_CsvReader)
#include "tst_csvreader.moc"
