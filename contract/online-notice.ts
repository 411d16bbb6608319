/** Personal-information notice shown beside the consent box (and printed on the receipt). */
export const PIPL_NOTICE =
  '您提交的姓名、身份证号码、联系电话、住址等个人信息，仅用于办理本信访事项、向您告知办理情况和接受您的评价，' +
  '由信访部门和办理机关依法保密、加密保存，不向被反映人或与办理无关的单位和个人提供。' +
  '身份证号码属于敏感个人信息，用于核实身份和判断是否重复信访。您可以凭查询码查询办理情况。';
