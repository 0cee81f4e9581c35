#include <jsonlistmodel.h>

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using Manage::JsonListModel;

class tst_JsonListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendReplaceRemove();
};

void tst_JsonListModel::appendReplaceRemove()
{
    JsonListModel model({{QStringLiteral("Id"), QStringLiteral("id"), {}},
                         {QStringLiteral("Mode"), {}, [](const QJsonObject &o) {
                              return o.value(QStringLiteral("mode")).toString().toUpper();
                          }}});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), 2);
    model.append(QJsonArray{QJsonObject{{"id", "a"}, {"mode", "read"}},
                            QJsonObject{{"id", "b"}, {"mode", "all"}, {"n", 3}}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("READ"));
    QCOMPARE(model.rowOf(QStringLiteral("b")), 1);
    QCOMPARE(model.index(1, 0).data(JsonListModel::IdRole).toString(), QStringLiteral("b"));
    model.replaceObject(1, QJsonObject{{"id", "b"}, {"mode", "x"}});
    QCOMPARE(model.index(1, 1).data().toString(), QStringLiteral("X"));
    model.removeObject(0);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.object(0).value("id").toString(), QStringLiteral("b"));
    model.setObjects({});
    QCOMPARE(model.rowCount(), 0);
    model.append(QJsonArray{QJsonObject{{"id", "c"}}});
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(tst_JsonListModel)
#include "tst_jsonlistmodel.moc"
