import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskAddress, maskIdNumber, maskName, maskPhone } from './masking.ts';

test('maskIdNumber keeps the first 3 and last 4 characters', () => {
  assert.equal(maskIdNumber('110101199003071234'), '110***********1234');
  assert.equal(maskIdNumber('11010519491231002x'), '110***********002X');
  assert.equal(maskIdNumber('110105491231002'), '110********1002');
  assert.equal(maskIdNumber(' 110101 19900307 1234 '), '110***********1234');
  assert.equal(maskIdNumber('12345'), '****5');
  assert.equal(maskIdNumber('12'), '**');
  assert.equal(maskIdNumber(''), '');
  assert.equal(maskIdNumber(null), '');
  assert.equal(maskIdNumber('110101199003071234').length, 18);
});

test('maskPhone masks the middle of mobiles and the local part of landlines', () => {
  assert.equal(maskPhone('13800005678'), '138****5678');
  assert.equal(maskPhone('138 0000 5678'), '138****5678');
  assert.equal(maskPhone('+86 13800005678'), '138****5678');
  assert.equal(maskPhone('010-12345678'), '010-****5678');
  assert.equal(maskPhone('0755-1234567'), '0755-***4567');
  assert.equal(maskPhone('(010)12345678'), '010-****5678');
  assert.equal(maskPhone('010-12345678-801'), '010-****5678-***');
  assert.equal(maskPhone('12345'), '*2345');
  assert.equal(maskPhone('123'), '***');
  assert.equal(maskPhone(undefined), '');
});

test('maskName keeps the first character', () => {
  assert.equal(maskName('张三丰'), '张**');
  assert.equal(maskName('李四'), '李*');
  assert.equal(maskName('王'), '*');
  assert.equal(maskName('欧阳娜娜'), '欧***');
  assert.equal(maskName('买买提·艾力'), '买**·**');
  assert.equal(maskName('𠀀三'), '𠀀*'); // astral first character stays whole
  assert.equal(maskName(''), '');
});

test('maskAddress keeps the administrative prefix down to street/town level', () => {
  assert.equal(maskAddress('某市某区某街道幸福路1号'), '某市某区某街道***');
  assert.equal(maskAddress('北京市东城区东华门街道南池子大街12号3单元201'), '北京市东城区东华门街道***');
  assert.equal(maskAddress('浙江省杭州市西湖区北山街道保俶路8号'), '浙江省杭州市西湖区北山街道***');
  assert.equal(maskAddress('江苏省苏州市昆山市玉山镇人民路1号'), '江苏省苏州市昆山市玉山镇***');
  assert.equal(maskAddress('上海市浦东新区花木街道锦绣路100弄'), '上海市浦东新区花木街道***');
  assert.equal(
    maskAddress('新疆维吾尔自治区伊犁哈萨克自治州伊宁市某路1号'),
    '新疆维吾尔自治区伊犁哈萨克自治州伊宁市***',
  );
  assert.equal(maskAddress('某市某区幸福路8号'), '某市某区***');
});

test('maskAddress does not mistake residential compounds or roads for districts', () => {
  assert.equal(maskAddress('某市阳光小区5号楼'), '某市***');
  assert.equal(maskAddress('某市某镇新区路3号'), '某市某镇***');
  assert.equal(maskAddress('某市某街道幸福小区5号楼'), '某市某街道***');
});

test('maskAddress over-masks unknown formats and leaves a bare prefix alone', () => {
  assert.equal(maskAddress('幸福路8号'), '***');
  assert.equal(maskAddress('某市某区'), '某市某区');
  assert.equal(maskAddress(''), '');
});
