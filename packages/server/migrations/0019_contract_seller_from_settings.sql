-- Generated contracts name the seller from company settings (issue 16): templates written with the
-- old demo text "乙方（卖方）：本公司" get the seller merge fields instead. Contracts already signed keep
-- their frozen text.
UPDATE "contract_templates"
   SET "body" = replace("body", E'乙方（卖方）：本公司\n',
         E'乙方（卖方）：{{seller.name}}\n地址：{{seller.address}}\n统一社会信用代码：{{seller.creditCode}}\n开户银行：{{seller.bankName}}\n银行账号：{{seller.bankAccount}}\n'),
       "updated_at" = now(),
       "version" = "version" + 1
 WHERE "body" LIKE E'%乙方（卖方）：本公司\n%';
