#include <jsonorder.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cosmos::Query;

class tst_JsonOrder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void typeOrder();
    void withinTypes();
    void canonicalIgnoresKeyOrder();
};

void tst_JsonOrder::typeOrder()
{
    const QList<QJsonValue> ordered{QJsonValue(QJsonValue::Undefined), QJsonValue::Null, false, true,
                                    -5, 3.5, "", "a", QJsonArray{1}, QJsonObject{{"a", 1}}};
    for (int i = 0; i < ordered.size(); ++i) {
        for (int j = 0; j < ordered.size(); ++j) {
            const int c = compareJson(ordered.at(i), ordered.at(j));
            QVERIFY2(i < j ? c < 0 : (i > j ? c > 0 : c == 0), qPrintable(QStringLiteral("%1 vs %2").arg(i).arg(j)));
        }
    }
}

void tst_JsonOrder::withinTypes()
{
    QVERIFY(compareJson(2, 10) < 0);
    QVERIFY(compareJson(QStringLiteral("B"), QStringLiteral("a")) < 0); // ordinal
    QVERIFY(compareJson(QStringLiteral("ab"), QStringLiteral("abc")) < 0);
    QCOMPARE(compareJson(1, 1.0), 0);
}

void tst_JsonOrder::canonicalIgnoresKeyOrder()
{
    const QJsonObject a = QJsonDocument::fromJson(R"({"b":1,"a":[1,{"y":2,"x":1}]})").object();
    const QJsonObject b = QJsonDocument::fromJson(R"({"a":[1,{"x":1,"y":2}],"b":1})").object();
    QCOMPARE(canonicalJson(a), canonicalJson(b));
    QCOMPARE(canonicalJson(QStringLiteral("x")), QByteArray("\"x\""));
    QCOMPARE(canonicalJson(2), QByteArray("2"));
    QVERIFY(canonicalJson(2) != canonicalJson(QStringLiteral("2")));
}

QTEST_GUILESS_MAIN(tst_JsonOrder)
#include "tst_jsonorder.moc"
